using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Tests.Support;

namespace DeepSeek.Edge.Quantization.Tests.Onnx;

public sealed class BatchNormFolderTests
{
    private static TinyModel ConvBatchNorm(bool convOutputAlsoGraphOutput = false)
    {
        var model = TinyModel.Create(opset: 13)
            .Input("x", 1, 3, 6, 6)
            .Output("y", 1, 4, 6, 6)
            .Weight("w", [4, 3, 3, 3], TinyModel.RandomValues(108, seed: 11))
            .Weight("b", [4], [0.5f, -0.5f, 0.25f, 0f])
            .Weight("gamma", [4], [1.2f, 0.8f, -0.6f, 2f])
            .Weight("beta", [4], [0.1f, 0.2f, -0.3f, 0f])
            .Weight("mean", [4], [0.3f, -0.1f, 0.05f, 1f])
            .Weight("var", [4], [0.5f, 1.5f, 0.2f, 3f])
            .Node("Conv", "conv", ["x", "w", "b"], ["c"], n => n.Attribute.Add(Pads(1)))
            .Node("BatchNormalization", "bn", ["c", "gamma", "beta", "mean", "var"], ["y"]);
        if (convOutputAlsoGraphOutput) model.Output("c", 1, 4, 6, 6);
        return model;
    }

    [Fact]
    public void Fold_ConvThenBatchNorm_OneConvWithTheSameOutput()
    {
        var model = ConvBatchNorm().Model;
        var sample = Ort.Sample("x", [1, 3, 6, 6], seed: 2);
        var before = Ort.Run(model, sample)[0].Data;

        var folded = BatchNormFolder.Fold(model);

        Assert.Equal(1, folded);
        var conv = Assert.Single(model.Graph.Node);
        Assert.Equal("Conv", conv.OpType);
        Assert.Equal("y", conv.Output[0]);
        Assert.DoesNotContain(model.Graph.Initializer, i => i.Name is "gamma" or "beta" or "mean" or "var");
        Ort.AssertClose(before, Ort.Run(model, sample)[0].Data, 1e-5f);
    }

    [Fact]
    public void Fold_ConvOutputAlsoAGraphOutput_LeavesThePairAlone()
    {
        var model = ConvBatchNorm(convOutputAlsoGraphOutput: true).Model;

        Assert.Equal(0, BatchNormFolder.Fold(model));
        Assert.Equal(2, model.Graph.Node.Count);
    }

    private static global::Onnx.AttributeProto Pads(long p)
    {
        var a = new global::Onnx.AttributeProto { Name = "pads", Type = global::Onnx.AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange([p, p, p, p]);
        return a;
    }
}
