namespace DeepSeek.Edge.Models.Manifest;

/// <summary>
/// The image input of a model and how a frame becomes that tensor: <c>value = (pixel - mean) / std</c> per channel, in the
/// model's channel order. Padding elements are <c>(Pad - mean) / std</c>, or <see cref="PadNormalized"/> itself when set.
/// </summary>
public sealed record InputSpec(
    string Name,
    TensorLayout Layout,
    int Width,
    int Height,
    ColorOrder Color,
    ResizeMode Resize,
    float Pad,
    float[] Mean,
    float[] Std,
    InputDataType DataType,
    float? PadNormalized = null)
{
    public int Channels => Color == ColorOrder.Gray ? 1 : 3;

    /// <summary>Batch-1 tensor shape in the declared layout.</summary>
    public long[] Shape => Layout == TensorLayout.NCHW
        ? [1, Channels, Height, Width]
        : [1, Height, Width, Channels];

    public int ElementCount => Channels * Width * Height;
}
