using DeepSeek.Edge.Quantization.Qdq;
using DeepSeek.Edge.Quantization.Tests.Support;

namespace DeepSeek.Edge.Quantization.Tests.Qdq;

public sealed class WeightQuantizerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Quantize_PerChannel_EachChannelScaledByItsOwnMaximum(int axis)
    {
        long[] dims = [3, 4, 2];
        var weights = TinyModel.RandomValues(24, seed: axis + 1, scale: 2f);
        for (var i = 0; i < weights.Length; i++)
        {
            if (ChannelOf(i, dims, axis) == 1) weights[i] = 0f;
        }

        var q = WeightQuantizer.Quantize(weights, dims, axis);

        Assert.Equal((int)dims[axis], q.Scales.Length);
        Assert.All(q.Scales, s => Assert.True(s > 0f));
        for (var i = 0; i < weights.Length; i++)
        {
            var c = ChannelOf(i, dims, axis);
            var expectedScale = weights.Where((_, j) => ChannelOf(j, dims, axis) == c).Max(MathF.Abs) / 127f;
            if (expectedScale > 0) Assert.Equal(expectedScale, q.Scales[c], 6);
            Assert.InRange(q.Values[i], -127, 127);
            Assert.True(MathF.Abs((q.Values[i] * q.Scales[c]) - weights[i]) <= (q.Scales[c] / 2) + 1e-6f);
        }
    }

    [Fact]
    public void QuantizeBias_InputTimesWeightScale_RoundTripsWithinHalfAStep()
    {
        float[] bias = [0.75f, -1.5f, 0f];
        var scales = WeightQuantizer.BiasScales(0.02f, [0.01f, 0.005f, 0.1f]);

        var q = WeightQuantizer.QuantizeBias(bias, scales, out var clamped);

        Assert.Equal(0, clamped);
        Assert.Equal(0.02f * 0.005f, scales[1], 8);
        for (var c = 0; c < bias.Length; c++) Assert.True(MathF.Abs((q[c] * scales[c]) - bias[c]) <= scales[c] / 2);
    }

    private static int ChannelOf(int index, long[] dims, int axis)
    {
        var inner = 1;
        for (var d = axis + 1; d < dims.Length; d++) inner *= (int)dims[d];
        return index / inner % (int)dims[axis];
    }
}
