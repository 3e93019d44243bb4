namespace DeepSeek.Edge.Quantization.Qdq;

/// <summary>
/// Symmetric per-channel int8 weights in [-127, 127] (scale = max|w| / 127 per channel) and int32 biases with
/// scale = input scale x weight scale, the layout QLinearConv/QGemm and TensorRT consume.
/// </summary>
public static class WeightQuantizer
{
    public const int WeightMax = 127;

    public static QuantizedWeight Quantize(ReadOnlySpan<float> weights, long[] dims, int axis)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (axis < 0 || axis >= dims.Length) throw new ArgumentOutOfRangeException(nameof(axis), axis, $"axis of a rank-{dims.Length} weight");
        var channels = (int)dims[axis];
        var inner = 1;
        for (var d = axis + 1; d < dims.Length; d++) inner *= (int)dims[d];
        if (weights.Length % (channels * inner) != 0) throw new ArgumentException("weight data does not match its shape", nameof(weights));

        var absMax = new float[channels];
        for (var i = 0; i < weights.Length; i++)
        {
            var c = i / inner % channels;
            var a = MathF.Abs(weights[i]);
            if (a > absMax[c]) absMax[c] = a;
        }

        var scales = new float[channels];
        for (var c = 0; c < channels; c++) scales[c] = absMax[c] > 0f && float.IsFinite(absMax[c]) ? absMax[c] / WeightMax : 1f;

        var values = new sbyte[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var q = MathF.Round(weights[i] / scales[i / inner % channels], MidpointRounding.ToEven);
            values[i] = (sbyte)Math.Clamp(q, -WeightMax, WeightMax);
        }

        return new QuantizedWeight(values, scales, axis, dims);
    }

    /// <summary>Quantizes a bias to int32 with the given per-channel scales; values beyond int32 (absurdly small scales) are clamped and counted.</summary>
    public static int[] QuantizeBias(ReadOnlySpan<float> bias, ReadOnlySpan<float> biasScales, out int clamped)
    {
        if (bias.Length != biasScales.Length) throw new ArgumentException($"bias has {bias.Length} values for {biasScales.Length} channels", nameof(bias));
        clamped = 0;
        var values = new int[bias.Length];
        for (var c = 0; c < bias.Length; c++)
        {
            var q = Math.Round((double)bias[c] / biasScales[c], MidpointRounding.ToEven);
            if (q > int.MaxValue || q < int.MinValue) clamped++;
            values[c] = (int)Math.Clamp(q, int.MinValue, int.MaxValue);
        }

        return values;
    }

    /// <summary>The scale of each bias value: input scale x weight scale of its channel.</summary>
    public static float[] BiasScales(float inputScale, ReadOnlySpan<float> weightScales)
    {
        var scales = new float[weightScales.Length];
        for (var c = 0; c < scales.Length; c++) scales[c] = inputScale * weightScales[c];
        return scales;
    }
}
