using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Pipelines.Scheduling;
using DeepSeek.Edge.Vision.Preprocessing;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Frames;

/// <summary>
/// One pooled frame: the image (its native buffer reused from frame to frame), the model tensor it was preprocessed
/// into, its own preprocessor (which keeps its native argument proxies for this image, so preparing costs no
/// allocation), and where it came from. Owned by exactly one stage at a time; the last stage returns it to its pool.
/// </summary>
internal sealed class Frame : IDisposable
{
    private float[] _floats = [];
    private byte[] _bytes = [];
    private FramePreprocessor? _preprocessor;

    public Mat Image { get; } = new();

    /// <summary>Per-camera sequence number of the capture (skipped and dropped frames use numbers too, so gaps show).</summary>
    public long Id { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    /// <summary>The source passed over this frame without decoding it (the camera will not infer it): its pixels are not this frame's.</summary>
    public bool Passed { get; set; }

    /// <summary>TimeProvider timestamp when the read of this frame started (start of end-to-end latency).</summary>
    public long ReadStarted { get; set; }

    /// <summary>TimeProvider timestamp when the frame was queued for inference.</summary>
    public long Queued { get; set; }

    public double CaptureMs { get; set; }
    public double PreprocessMs { get; set; }

    /// <summary>The input the tensor was prepared for, or null when it has not been prepared.</summary>
    public InputSpec? PreparedFor { get; private set; }

    /// <summary>Maps model-input pixels of the prepared tensor back to this frame's pixels.</summary>
    public FrameTransform Transform { get; private set; }

    public ReadOnlySpan<float> FloatTensor => _floats;
    public ReadOnlySpan<byte> ByteTensor => _bytes;

    /// <summary>Preprocesses the image (or <paramref name="roi"/> of it) for <paramref name="spec"/> with the frame's own preprocessor.</summary>
    public void Prepare(InputSpec spec, Rect? roi)
    {
        if (_preprocessor is null || !InputSpecs.Same(_preprocessor.Spec, spec))
        {
            _preprocessor?.Dispose();
            _preprocessor = new FramePreprocessor(spec);
        }

        Prepare(_preprocessor, roi);
    }

    /// <summary>Preprocesses the image (or <paramref name="roi"/> of it) into this frame's tensor, sized for the preprocessor's input.</summary>
    public void Prepare(FramePreprocessor preprocessor, Rect? roi)
    {
        var spec = preprocessor.Spec;
        PreparedFor = null;
        if (spec.DataType == InputDataType.UInt8)
        {
            if (_bytes.Length != spec.ElementCount) _bytes = new byte[spec.ElementCount];
            Transform = preprocessor.Process(Image, roi, _bytes);
        }
        else
        {
            if (_floats.Length != spec.ElementCount) _floats = new float[spec.ElementCount];
            Transform = preprocessor.Process(Image, roi, _floats);
        }

        PreparedFor = spec;
    }

    public void Reset() => PreparedFor = null;

    public void Dispose()
    {
        _preprocessor?.Dispose();
        Image.Dispose();
    }
}
