using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Quantization.Evaluation;
using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Tests.Support;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Quantization.Tests.Onnx;

public sealed class GraphPreparerTests
{
    [Fact]
    public void Prepare_PaddleModelWithConstantWeights_WeightsBecomeInitializersAndOutputIsKept()
    {
        var bundle = ModelBundle.Open(TestAssets.TextAngle);
        var original = OnnxModelFile.Load(bundle.ModelPath);
        var sample = RealSamples.Media(bundle)[0];

        var prepared = GraphPreparer.Prepare(original);

        var graph = prepared.Model.Graph;
        Assert.DoesNotContain(graph.Node, n => n.OpType is "Constant" or "BatchNormalization");
        Assert.All(graph.Node.Where(n => n.OpType is "Conv" or "MatMul"), n => Assert.Contains(graph.Initializer, i => i.Name == n.Input[1]));
        Assert.Equal(13, OnnxNodes.DefaultOpset(prepared.Model));
        Ort.AssertClose(Ort.Run(original, sample)[0].Data, Ort.Run(prepared.Model, sample)[0].Data, 1e-4f);
    }

    [Fact]
    public void Prepare_CntkResNet18AtOpset8_RunsAtOpset13WithTheSameEmbedding()
    {
        var bundle = ModelBundle.Open(TestAssets.ResNet18);
        var original = OnnxModelFile.Load(bundle.ModelPath);
        var sample = RealSamples.Media(bundle)[0];

        var prepared = GraphPreparer.Prepare(original);

        Assert.Equal(8, OnnxNodes.DefaultOpset(original));
        Assert.Equal(13, OnnxNodes.DefaultOpset(prepared.Model));
        Assert.DoesNotContain(prepared.Model.Graph.Node, n => n.OpType == "BatchNormalization");
        var cosine = CosineSimilarity.Of(Ort.Run(original, sample)[0].Data, Ort.Run(prepared.Model, sample)[0].Data);
        Assert.True(cosine > 0.99999, $"cosine {cosine}");
    }
}
