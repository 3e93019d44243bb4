using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Vision.Tests.Support;

/// <summary>Model input specs for tests; mean 0 and std 1 unless given, so tensor values equal pixel values.</summary>
internal static class Specs
{
    public static InputSpec Input(
        int width,
        int height,
        TensorLayout layout = TensorLayout.NCHW,
        ColorOrder color = ColorOrder.BGR,
        ResizeMode resize = ResizeMode.Stretch,
        float pad = 0f,
        float[]? mean = null,
        float[]? std = null,
        InputDataType dataType = InputDataType.Float32)
    {
        var channels = color == ColorOrder.Gray ? 1 : 3;
        return new InputSpec(
            "input",
            layout,
            width,
            height,
            color,
            resize,
            pad,
            mean ?? new float[channels],
            std ?? Enumerable.Repeat(1f, channels).ToArray(),
            dataType);
    }
}
