using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Quantization.Calibration;

namespace DeepSeek.Edge.Quantization.Qdq;

/// <summary>Scale and zero point of a per-tensor activation quantization: <c>q = clamp(round(x / scale) + zeroPoint)</c>.</summary>
public readonly record struct QuantParams(float Scale, int ZeroPoint)
{
    /// <summary>Scale used when a range is empty or degenerate (all values zero).</summary>
    public const float DegenerateScale = 1f;

    public static QuantParams ForActivation(TensorRange range, ActivationType type)
    {
        var r = range.WithZero();
        if (type == ActivationType.Int8)
        {
            var absMax = MathF.Max(-r.Min, r.Max);
            return new QuantParams(Usable(absMax / 127f), 0);
        }

        var scale = Usable((r.Max - r.Min) / 255f);
        var zeroPoint = (int)Math.Clamp(MathF.Round(-r.Min / scale, MidpointRounding.ToEven), 0f, 255f);
        return new QuantParams(scale, zeroPoint);
    }

    public int QMin(ActivationType type) => type == ActivationType.UInt8 ? 0 : -128;

    public int QMax(ActivationType type) => type == ActivationType.UInt8 ? 255 : 127;

    /// <summary>What a value becomes after quantize and dequantize (for tests and error estimates).</summary>
    public float RoundTrip(float x, ActivationType type)
    {
        var q = Math.Clamp(MathF.Round(x / Scale, MidpointRounding.ToEven) + ZeroPoint, QMin(type), QMax(type));
        return (q - ZeroPoint) * Scale;
    }

    private static float Usable(float scale) => float.IsFinite(scale) && scale > 1e-12f ? scale : DegenerateScale;
}
