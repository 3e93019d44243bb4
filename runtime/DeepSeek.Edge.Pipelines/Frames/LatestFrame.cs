using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Vision.Annotation;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Frames;

/// <summary>
/// Keeps a camera's latest processed frame and its result by holding on to the pooled frame (no copy per frame);
/// the previous one goes back to the pool. Annotation and JPEG encoding happen only on demand, on a copy.
/// </summary>
internal sealed class LatestFrame
{
    private readonly object _gate = new();
    private Frame? _frame;
    private PipelineResult? _result;

    /// <summary>Holds <paramref name="frame"/>; returns the frame held before (for the pool), or null.</summary>
    public Frame? Replace(Frame frame, PipelineResult result)
    {
        lock (_gate)
        {
            var previous = _frame;
            _frame = frame;
            _result = result;
            return previous;
        }
    }

    /// <summary>A copy of the latest frame's image and its result, or null before the first result.</summary>
    public (Mat Image, PipelineResult Result)? Clone()
    {
        lock (_gate)
        {
            return _frame is null || _result is null ? null : (_frame.Image.Clone(), _result);
        }
    }

    public AnnotatedSnapshot? Snapshot(int quality)
    {
        if (Clone() is not var (image, result)) return null;
        using (image)
        {
            FrameAnnotator.Draw(image, result.Output);
            return new AnnotatedSnapshot(FrameAnnotator.EncodeJpeg(image, quality), result);
        }
    }

    /// <summary>Lets go of the held frame (for the pool), or null.</summary>
    public Frame? Take()
    {
        lock (_gate)
        {
            var frame = _frame;
            _frame = null;
            return frame;
        }
    }
}
