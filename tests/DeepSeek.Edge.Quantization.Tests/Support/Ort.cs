using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Samples;
using DeepSeek.Edge.Quantization.Sessions;
using Onnx;

namespace DeepSeek.Edge.Quantization.Tests.Support;

/// <summary>Runs a model with ONNX Runtime (CPU) and returns copies of all its outputs.</summary>
internal static class Ort
{
    public static NamedTensor[] Run(ModelProto model, ModelSample sample) => Run(OnnxModelFile.ToBytes(model), sample);

    public static NamedTensor[] Run(byte[] model, ModelSample sample)
    {
        using var session = new SessionSettings(1).Open(model);
        return SessionRunner.RunToTensors(session, sample, session.OutputMetadata.Keys.ToArray());
    }

    public static ModelSample Sample(string input, long[] shape, int seed, float scale = 1f) =>
        new($"random-{seed}", [new NamedTensor(input, TinyModel.RandomValues((int)TensorData.ElementCount(shape), seed, scale), shape)]);

    public static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= tolerance, $"largest difference {worst} exceeds {tolerance}");
    }
}
