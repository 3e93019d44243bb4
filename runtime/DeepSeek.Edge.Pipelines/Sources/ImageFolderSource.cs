using DeepSeek.Edge.Vision.Images;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>
/// The images of a folder, sorted by name, one frame each; optionally looped and paced. An image that cannot be decoded
/// is reported as <see cref="UnreadableFrameException"/> (the next read goes on with the next image); a looped folder
/// none of whose images can be read fails for good instead of spinning.
/// </summary>
internal sealed class ImageFolderSource : IFrameSource
{
    private readonly string _folder;
    private readonly bool _loop;
    private readonly bool _realTime;
    private readonly double _fps;
    private readonly TimeProvider _time;
    private IReadOnlyList<string> _images = [];
    private Pacer? _pacer;
    private int _next;
    private bool _readThisPass;

    public ImageFolderSource(string folder, bool loop, bool realTime, double fps, TimeProvider time)
    {
        _folder = folder;
        _loop = loop;
        _realTime = realTime;
        _fps = fps;
        _time = time;
    }

    public string Description => "file:" + _folder;

    public bool IsLive => false;

    public SourceInfo Open(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            _images = ImageFiles.ListImages(_folder);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new FrameSourceException(Description, ex.Message, transient: false, ex);
        }

        if (_images.Count == 0)
            throw new FrameSourceException(Description, "has no images (png, jpg, jpeg, bmp, webp, tif, tiff)", transient: false);
        var fps = _fps > 0 ? _fps : 1;
        _pacer = _realTime ? new Pacer(_time, fps) : null;
        _next = 0;
        _readThisPass = false;
        return new SourceInfo(0, 0, _realTime ? fps : 0, "images", _images.Count);
    }

    public bool Read(Mat into, CancellationToken cancellationToken)
    {
        if (_next == _images.Count)
        {
            if (!_loop) return false;
            if (!_readThisPass) throw new FrameSourceException(Description, $"none of its {_images.Count} image(s) can be decoded", transient: false);
            _next = 0;
            _readThisPass = false;
        }

        var path = _images[_next++];
        try
        {
            using var image = ImageFiles.Read(path);
            image.CopyTo(into);
        }
        catch (ImageFileException ex)
        {
            throw new UnreadableFrameException(Path.GetFileName(path), ex.Message, ex);
        }

        _readThisPass = true;

        _pacer?.Wait(cancellationToken);
        return true;
    }

    public void Close() => _next = 0;

    public void Dispose() => Close();
}
