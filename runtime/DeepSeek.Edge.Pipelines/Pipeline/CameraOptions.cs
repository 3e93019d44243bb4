using DeepSeek.Edge.Pipelines.Sources;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Pipeline;

/// <summary>One camera: its name, its source and what to infer on.</summary>
public sealed class CameraOptions
{
    /// <summary>The camera's name in results, logs and metrics: letters, digits, '-', '_' and '.'.</summary>
    public string Name { get; set; } = "";

    public SourceOptions Source { get; set; } = new();

    /// <summary>Infer every Nth frame (1: every frame); the others are counted as skipped.</summary>
    public int InferEveryNth { get; set; } = 1;

    /// <summary>Infer only the frames asked for with <see cref="CameraPipeline.InferNextFrame"/> (a trigger); the others are skipped.</summary>
    public bool InferOnRequestOnly { get; set; }

    /// <summary>Infer on this region of the frame only (clipped to the frame); results are still in frame pixels.</summary>
    public Rect? RegionOfInterest { get; set; }

    /// <summary>Frames waiting for inference on a live camera; when full, the oldest is dropped (counted).</summary>
    public int InputQueueCapacity { get; set; } = 2;

    /// <summary>Results waiting for the sinks of a live camera; when full, the oldest is dropped (counted).</summary>
    public int OutputQueueCapacity { get; set; } = 4;

    /// <summary>JPEG quality (1-100) of <see cref="CameraPipeline.GetLatestJpeg"/>.</summary>
    public int JpegQuality { get; set; } = 80;

    /// <summary>How long stopping waits for the capture thread and the sinks.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        const string path = "Camera";
        if (string.IsNullOrEmpty(Name) || !Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new ArgumentException($"{path}.Name must be letters, digits, '-', '_' or '.'; got \"{Name}\".", $"{path}.Name");
        var at = $"{path}[{Name}]";
        if (Source is null) throw new ArgumentException($"{at}.Source is missing.", $"{at}.Source");
        Source.Validate($"{at}.Source");
        if (InferEveryNth < 1) throw new ArgumentException($"{at}.InferEveryNth must be 1 or more; got {InferEveryNth}.", $"{at}.InferEveryNth");
        if (RegionOfInterest is { } roi && (roi.Width <= 0 || roi.Height <= 0 || roi.X < 0 || roi.Y < 0))
            throw new ArgumentException($"{at}.RegionOfInterest must have x, y >= 0 and a positive size; got {roi}.", $"{at}.RegionOfInterest");
        if (InputQueueCapacity is < 1 or > 64)
            throw new ArgumentException($"{at}.InputQueueCapacity must be from 1 to 64; got {InputQueueCapacity}.", $"{at}.InputQueueCapacity");
        if (OutputQueueCapacity is < 1 or > 64)
            throw new ArgumentException($"{at}.OutputQueueCapacity must be from 1 to 64; got {OutputQueueCapacity}.", $"{at}.OutputQueueCapacity");
        if (JpegQuality is < 1 or > 100)
            throw new ArgumentException($"{at}.JpegQuality must be from 1 to 100; got {JpegQuality}.", $"{at}.JpegQuality");
        if (StopTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"{at}.StopTimeout must be more than zero; got {StopTimeout}.", $"{at}.StopTimeout");
    }
}
