namespace DeepSeek.Edge.Quantization.Qdq;

/// <summary>An int8 weight tensor with one symmetric scale per channel along <see cref="Axis"/> (zero points are 0).</summary>
public sealed record QuantizedWeight(sbyte[] Values, float[] Scales, int Axis, long[] Dims);
