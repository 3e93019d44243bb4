using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Tests.Support;

namespace DeepSeek.Edge.Quantization.Tests.Onnx;

public sealed class OpsetUpgraderTests
{
    /// <summary>Conv -> BatchNormalization(spatial=1) -> Relu at opset 8 / IR 3, weights also listed as graph inputs (as CNTK exports).</summary>
    private static TinyModel CntkStyle(long spatial) => TinyModel.Create(opset: 8, irVersion: 3)
        .Input("x", 1, 2, 5, 5)
        .Output("y", 1, 3, 5, 5)
        .Weight("w", [3, 2, 3, 3], TinyModel.RandomValues(54, seed: 1), alsoGraphInput: true)
        .Weight("gamma", [3], [1.5f, 0.5f, 2f], alsoGraphInput: true)
        .Weight("beta", [3], [0.1f, -0.2f, 0.3f], alsoGraphInput: true)
        .Weight("mean", [3], [0.05f, -0.1f, 0.2f], alsoGraphInput: true)
        .Weight("var", [3], [0.9f, 1.2f, 0.4f], alsoGraphInput: true)
        .Node("Conv", "conv", ["x", "w"], ["c"], n => n.SetInt("group", 1))
        .Node("BatchNormalization", "bn", ["c", "gamma", "beta", "mean", "var"], ["b"], n =>
        {
            n.SetInt("spatial", spatial);
            n.SetFloat("epsilon", 1e-5f);
        })
        .Node("Relu", "relu", ["b"], ["y"]);

    [Fact]
    public void Upgrade_Opset8BatchNormWithSpatial_RunsAtOpset13WithSameOutput()
    {
        var model = CntkStyle(spatial: 1).Model;
        var sample = Ort.Sample("x", [1, 2, 5, 5], seed: 7);
        var before = Ort.Run(model, sample)[0].Data;

        var upgraded = model.Clone();
        var notes = OpsetUpgrader.Upgrade(upgraded);

        Assert.Equal(13, OnnxNodes.DefaultOpset(upgraded));
        Assert.Equal(7, upgraded.IrVersion);
        Assert.Null(upgraded.Graph.Node.Single(n => n.OpType == "BatchNormalization").Find("spatial"));
        Assert.Equal(["x"], upgraded.Graph.Input.Select(i => i.Name));
        Assert.Contains(notes, n => n.Contains("spatial", StringComparison.Ordinal));
        Ort.AssertClose(before, Ort.Run(upgraded, sample)[0].Data, 1e-6f);
    }

    [Fact]
    public void Upgrade_BatchNormSpatialZero_RefusesNamingTheNode()
    {
        var model = CntkStyle(spatial: 0).Model;

        var ex = Assert.Throws<QuantizationException>(() => OpsetUpgrader.Upgrade(model));

        Assert.Contains("\"bn\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("spatial=0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("re-export", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Upgrade_ClipAndSliceAttributesAtOpset9_MoveToInputsWithSameOutput()
    {
        var model = TinyModel.Create(opset: 9)
            .Input("x", 1, 4, 6)
            .Output("y", 1, 2, 6)
            .Node("Clip", "clip", ["x"], ["c"], n =>
            {
                n.SetFloat("min", -0.25f);
                n.SetFloat("max", 0.5f);
            })
            .Node("Slice", "slice", ["c"], ["y"], n =>
            {
                n.Attribute.Add(Ints("starts", 1));
                n.Attribute.Add(Ints("ends", 3));
                n.Attribute.Add(Ints("axes", 1));
            }).Model;
        var sample = Ort.Sample("x", [1, 4, 6], seed: 3);
        var before = Ort.Run(model, sample)[0].Data;

        OpsetUpgrader.Upgrade(model);

        Assert.All(model.Graph.Node, n => Assert.Empty(n.Attribute));
        Assert.Equal(3, model.Graph.Node.Single(n => n.OpType == "Clip").Input.Count);
        Assert.Equal(4, model.Graph.Node.Single(n => n.OpType == "Slice").Input.Count);
        Ort.AssertClose(before, Ort.Run(model, sample)[0].Data, 0f);
    }

    [Fact]
    public void Upgrade_SoftmaxOverInnerAxisAtOpset9_KeepsTheOldFlattenMeaning()
    {
        var model = TinyModel.Create(opset: 9)
            .Input("x", 2, 3, 4)
            .Output("y", 2, 3, 4)
            .Node("Softmax", "softmax", ["x"], ["y"], n => n.SetInt("axis", 1)).Model;
        var sample = Ort.Sample("x", [2, 3, 4], seed: 5, scale: 3f);
        var before = Ort.Run(model, sample)[0].Data;

        OpsetUpgrader.Upgrade(model);

        Assert.Contains(model.Graph.Node, n => n.OpType == "Flatten");
        Ort.AssertClose(before, Ort.Run(model, sample)[0].Data, 1e-6f);
    }

    [Fact]
    public void Upgrade_OpWithChangedDefinition_RefusesWithTheReason()
    {
        var model = TinyModel.Create(opset: 9)
            .Input("x", 1, 1, 2, 2)
            .Output("y", 1, 1, 4, 4)
            .Weight("scales", [4], [1, 1, 2, 2])
            .Node("Upsample", "up", ["x", "scales"], ["y"]).Model;

        var ex = Assert.Throws<QuantizationException>(() => OpsetUpgrader.Upgrade(model));

        Assert.Contains("Upsample node \"up\"", ex.Message, StringComparison.Ordinal);
        Assert.Equal(9, OnnxNodes.DefaultOpset(model));
    }

    [Fact]
    public void Upgrade_ModelAlreadyAtOpset13_ChangesNothing()
    {
        var model = TinyModel.Create(opset: 13).Input("x", 1, 2).Output("y", 1, 2).Node("Relu", "relu", ["x"], ["y"]).Model;
        var before = model.Clone();

        var notes = OpsetUpgrader.Upgrade(model);

        Assert.Empty(notes);
        Assert.Equal(before, model);
    }

    private static global::Onnx.AttributeProto Ints(string name, params long[] values)
    {
        var a = new global::Onnx.AttributeProto { Name = name, Type = global::Onnx.AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }
}
