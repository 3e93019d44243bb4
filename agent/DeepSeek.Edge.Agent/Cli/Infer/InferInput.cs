using DeepSeek.Edge.Vision.Images;
using OpenCvSharp;

namespace DeepSeek.Edge.Agent.Cli.Infer;

/// <summary>The frames of an <c>infer --input</c>: one image, every image of a directory, or every frame of a video.</summary>
internal sealed class InferInput
{
    private InferInput(string path, bool isVideo, IReadOnlyList<string> images)
    {
        Path = path;
        IsVideo = isVideo;
        Images = images;
    }

    public string Path { get; }
    public bool IsVideo { get; }
    public IReadOnlyList<string> Images { get; }

    public static InferInput Open(string path)
    {
        if (Directory.Exists(path))
        {
            var images = ImageFiles.ListImages(path);
            if (images.Count == 0) throw new FileNotFoundException($"input directory \"{path}\" has no images (png, jpg, jpeg, bmp, webp, tif)", path);
            return new InferInput(path, false, images);
        }

        if (!File.Exists(path)) throw new FileNotFoundException($"input \"{path}\" does not exist; give an image, a video file or a directory of images", path);
        return ImageFiles.IsImage(path) ? new InferInput(path, false, [path]) : new InferInput(path, true, []);
    }

    /// <summary>
    /// The images in order with their file name (a video goes through the camera pipeline instead). Each Mat is owned by the
    /// caller of MoveNext until the next one. An image that cannot be decoded is handed to <paramref name="unreadable"/> with
    /// its file name and skipped, so one damaged file does not end the run.
    /// </summary>
    public IEnumerable<(string Source, Mat Frame)> Frames(Action<string, ImageFileException> unreadable)
    {
        ArgumentNullException.ThrowIfNull(unreadable);
        if (IsVideo) throw new InvalidOperationException($"\"{Path}\" is a video; run it through the camera pipeline");
        foreach (var image in Images)
        {
            Mat frame;
            try
            {
                frame = ImageFiles.Read(image);
            }
            catch (ImageFileException ex)
            {
                unreadable(System.IO.Path.GetFileName(image), ex);
                continue;
            }

            using (frame) yield return (System.IO.Path.GetFileName(image), frame);
        }
    }

    public double VideoFps()
    {
        using var capture = new VideoCapture(Path);
        var fps = capture.Get(VideoCaptureProperties.Fps);
        return fps is > 0 and < 1000 ? fps : 25;
    }
}
