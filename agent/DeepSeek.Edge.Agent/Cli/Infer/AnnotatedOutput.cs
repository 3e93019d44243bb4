using DeepSeek.Edge.Models.Results;
using DeepSeek.Edge.Vision.Annotation;
using OpenCvSharp;

namespace DeepSeek.Edge.Agent.Cli.Infer;

/// <summary>The <c>--out</c> file: an annotated image (for one image) or an annotated MJPG/mp4v video.</summary>
internal sealed class AnnotatedOutput : IDisposable
{
    private readonly string _path;
    private readonly bool _video;
    private readonly double _fps;
    private VideoWriter? _writer;
    private int _written;

    public AnnotatedOutput(string path, bool video, double fps)
    {
        _path = path;
        _video = video;
        _fps = fps;
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
    }

    public void Write(Mat frame, DecodedOutput output)
    {
        using var canvas = frame.Clone();
        FrameAnnotator.Draw(canvas, output);
        if (!_video)
        {
            if (_written++ > 0) return; // one image: keep the first frame's annotation
            if (!Cv2.ImWrite(_path, canvas))
                throw new IOException($"cannot write annotated image \"{_path}\"; use a .jpg or .png name in a writable directory");
            return;
        }

        _writer ??= OpenWriter(canvas.Size());
        _writer.Write(canvas);
        _written++;
    }

    public void Dispose() => _writer?.Dispose();

    private VideoWriter OpenWriter(Size size)
    {
        var fourcc = Path.GetExtension(_path).Equals(".mp4", StringComparison.OrdinalIgnoreCase) ? FourCC.MP4V : FourCC.MJPG;
        var writer = new VideoWriter(_path, fourcc, _fps, size);
        if (!writer.IsOpened())
        {
            writer.Dispose();
            throw new IOException($"cannot open video writer for \"{_path}\"; use an .avi (MJPG) or .mp4 (mp4v) name in a writable directory");
        }

        return writer;
    }
}
