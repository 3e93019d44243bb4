using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Quantization.Calibration;
using DeepSeek.Edge.Quantization.Qdq;

namespace DeepSeek.Edge.Quantization.Tests.Qdq;

public sealed class QuantParamsTests
{
    [Fact]
    public void ForActivation_UInt8AsymmetricRange_ZeroIsExactAndEndsAreCovered()
    {
        var p = QuantParams.ForActivation(new TensorRange(-1f, 3f), ActivationType.UInt8);

        Assert.Equal(4f / 255f, p.Scale, 6);
        Assert.Equal(64, p.ZeroPoint);
        Assert.Equal(0f, p.RoundTrip(0f, ActivationType.UInt8));
        Assert.Equal(3f, p.RoundTrip(3f, ActivationType.UInt8), 1);
        Assert.Equal(-1f, p.RoundTrip(-1f, ActivationType.UInt8), 1);
    }

    [Fact]
    public void ForActivation_Int8_IsSymmetricWithZeroPointZero()
    {
        var p = QuantParams.ForActivation(new TensorRange(-1f, 6.35f), ActivationType.Int8);

        Assert.Equal(0, p.ZeroPoint);
        Assert.Equal(6.35f / 127f, p.Scale, 6);
    }

    [Fact]
    public void ForActivation_RangeWithoutZero_IsWidenedToContainZero()
    {
        var p = QuantParams.ForActivation(new TensorRange(2f, 5f), ActivationType.UInt8);

        Assert.Equal(0, p.ZeroPoint);
        Assert.Equal(0f, p.RoundTrip(0f, ActivationType.UInt8));
        Assert.Equal(5f, p.RoundTrip(5f, ActivationType.UInt8), 1);
    }

    [Fact]
    public void ForActivation_AllZeroTensor_GetsAPositiveScale()
    {
        var p = QuantParams.ForActivation(new TensorRange(0f, 0f), ActivationType.UInt8);

        Assert.True(p.Scale > 0f);
        Assert.Equal(0f, p.RoundTrip(0f, ActivationType.UInt8));
    }
}
