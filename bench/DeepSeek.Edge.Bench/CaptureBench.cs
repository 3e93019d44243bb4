using System.Diagnostics;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Vision.Preprocessing;
using OpenCvSharp;

namespace DeepSeek.Edge.Bench;

/// <summary>
/// (d) The video alone: decode and preprocess every frame on one thread, no model. The pipeline cannot be faster.
/// OpenCV's worker pool is off for the run (<c>Cv2.SetNumThreads(1)</c>), so one thread means one thread.
/// </summary>
internal static class CaptureBench
{
    public static Measurement Run(string video, InputSpec spec, int frames)
    {
        var previousThreads = Cv2.GetNumThreads();
        Cv2.SetNumThreads(1);
        try
        {
            return Measure(video, spec, frames);
        }
        finally
        {
            Cv2.SetNumThreads(previousThreads);
        }
    }

    private static Measurement Measure(string video, InputSpec spec, int frames)
    {
        using var capture = new VideoCapture(video);
        using var frame = new Mat();
        using var preprocessor = new FramePreprocessor(spec);
        var tensor = new float[spec.ElementCount];
        var start = Stopwatch.GetTimestamp();
        var read = 0;
        while (read < frames && capture.Read(frame) && !frame.Empty())
        {
            preprocessor.Process(frame, tensor);
            read++;
        }

        return new Measurement(read / Stopwatch.GetElapsedTime(start).TotalSeconds, null);
    }
}
