using DeepSeek.Edge.Models.Manifest;
using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Preprocessing;

/// <summary>
/// Turns frames into one model input tensor: resize (stretch or letterbox), channel order, <c>(pixel - mean) / std</c>
/// and layout, writing straight into the caller's buffer. Make one per model input and reuse it across frames: its
/// working images are kept and only reallocated when the frame size changes. Use from one thread at a time.
/// </summary>
public sealed class FramePreprocessor : IDisposable
{
    private readonly InputSpec _spec;
    private readonly TensorWriter<float> _floatWriter;
    private readonly TensorWriter<byte> _byteWriter;
    private readonly Mat _resized = new();
    private readonly Mat _gray = new();
    private readonly InputArray _resizedIn;
    private readonly OutputArray _resizedOut;
    private readonly OutputArray _grayOut;
    private readonly InputProxy _frameIn = new();
    private readonly RegionView _region = new();

    public FramePreprocessor(InputSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Validate(spec);
        _spec = spec;
        _floatWriter = new TensorWriter<float>(spec, FloatTable(spec), FloatPad(spec));
        _byteWriter = new TensorWriter<byte>(spec, ByteTable(spec.Channels), BytePad(spec));
        _resizedIn = InputArray.Create(_resized);
        _resizedOut = OutputArray.Create(_resized);
        _grayOut = OutputArray.Create(_gray);
    }

    public InputSpec Spec => _spec;

    /// <summary>Preprocesses the whole frame into a float32 input.</summary>
    public FrameTransform Process(Mat frame, Span<float> destination) => Process(frame, null, destination);

    /// <summary>Preprocesses the whole frame into a uint8 input (raw pixels in the model's order and layout).</summary>
    public FrameTransform Process(Mat frame, Span<byte> destination) => Process(frame, null, destination);

    /// <summary>
    /// Preprocesses <paramref name="roi"/> of the frame (clipped to the frame; the whole frame when null) into a float32
    /// input. The returned transform maps model-input pixels back to full-frame pixels.
    /// </summary>
    public FrameTransform Process(Mat frame, Rect? roi, Span<float> destination)
    {
        Require(InputDataType.Float32, destination.Length);
        var content = Prepare(frame, roi, out var plan, out var transform);
        _floatWriter.Write(content, plan.PadX, plan.PadY, destination);
        return transform;
    }

    /// <summary>As <see cref="Process(Mat, Rect?, Span{float})"/>, for a uint8 input.</summary>
    public FrameTransform Process(Mat frame, Rect? roi, Span<byte> destination)
    {
        Require(InputDataType.UInt8, destination.Length);
        var content = Prepare(frame, roi, out var plan, out var transform);
        _byteWriter.Write(content, plan.PadX, plan.PadY, destination);
        return transform;
    }

    public void Dispose()
    {
        _frameIn.Dispose();
        _resizedIn.Dispose();
        _resizedOut.Dispose();
        _grayOut.Dispose();
        _region.Dispose();
        _resized.Dispose();
        _gray.Dispose();
    }

    private Mat Prepare(Mat frame, Rect? roi, out ResizePlan plan, out FrameTransform transform)
    {
        ObjectDisposedException.ThrowIf(_resized.IsDisposed, this);
        FrameFormat.Require(frame);

        var bounds = FrameFormat.Region(frame, roi);
        var source = bounds.Width == frame.Width && bounds.Height == frame.Height ? frame : _region.Of(frame, bounds);

        plan = ResizePlan.For(_spec, bounds.Width, bounds.Height);
        transform = plan.Transform(frame.Width, frame.Height, bounds.X, bounds.Y, bounds.Width, bounds.Height);

        var resize = plan.ContentWidth != bounds.Width || plan.ContentHeight != bounds.Height;
        var toGray = _spec.Color == ColorOrder.Gray && source.Channels() != 1;
        if (!resize && !toGray) return source;

        var sourceIn = ReferenceEquals(source, frame) ? _frameIn.For(frame) : _region.Input;
        if (resize) NativeImageOps.Resize(sourceIn, _resizedOut, new Size(plan.ContentWidth, plan.ContentHeight));
        if (!toGray) return _resized;

        NativeImageOps.ToGray(resize ? _resizedIn : sourceIn, _grayOut, source.Channels());
        return _gray;
    }

    private void Require(InputDataType type, int length)
    {
        if (type != _spec.DataType)
        {
            var wanted = _spec.DataType == InputDataType.Float32 ? "Span<float>" : "Span<byte>";
            throw new ArgumentException(
                $"model input \"{_spec.Name}\" is {Describe(_spec.DataType)} but a {Describe(type)} buffer was passed; pass a {wanted}.",
                "destination");
        }

        if (length != _spec.ElementCount)
        {
            throw new ArgumentException(
                $"model input \"{_spec.Name}\" has shape [{string.Join(',', _spec.Shape)}] = {_spec.ElementCount} {Describe(type)} values, but the destination holds {length}.",
                "destination");
        }
    }

    private static string Describe(InputDataType type) => type == InputDataType.Float32 ? "float32" : "uint8";

    private static void Validate(InputSpec spec)
    {
        if (spec.Width <= 0 || spec.Height <= 0)
            throw new ArgumentException($"model input \"{spec.Name}\" is {spec.Width}x{spec.Height}; width and height must be positive.", nameof(spec));
        if (spec.Mean.Length != spec.Channels || spec.Std.Length != spec.Channels)
            throw new ArgumentException($"model input \"{spec.Name}\" has {spec.Channels} channel(s) but {spec.Mean.Length} mean and {spec.Std.Length} std value(s).", nameof(spec));
        if (Array.Exists(spec.Std, s => s == 0f || !float.IsFinite(s)))
            throw new ArgumentException($"model input \"{spec.Name}\" has a std of 0 or not a number: [{string.Join(", ", spec.Std)}].", nameof(spec));
    }

    private static float[] FloatTable(InputSpec spec)
    {
        var table = new float[spec.Channels * 256];
        for (var c = 0; c < spec.Channels; c++)
        {
            for (var v = 0; v < 256; v++) table[(c * 256) + v] = (v - spec.Mean[c]) / spec.Std[c];
        }

        return table;
    }

    private static float[] FloatPad(InputSpec spec)
    {
        var pad = new float[spec.Channels];
        for (var c = 0; c < pad.Length; c++) pad[c] = spec.PadNormalized ?? ((spec.Pad - spec.Mean[c]) / spec.Std[c]);
        return pad;
    }

    private static byte[] ByteTable(int channels)
    {
        var table = new byte[channels * 256];
        for (var i = 0; i < table.Length; i++) table[i] = (byte)(i % 256);
        return table;
    }

    private static byte[] BytePad(InputSpec spec)
    {
        var pad = new byte[spec.Channels];
        Array.Fill(pad, (byte)Math.Clamp(Math.Round(spec.Pad), 0, 255));
        return pad;
    }
}
