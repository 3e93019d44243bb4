using Onnx;

namespace DeepSeek.Edge.Quantization.Onnx;

/// <summary>
/// The steps before quantization, on a copy of the model: upgrade to opset 13 (per-channel Q/DQ), lift
/// <c>Constant</c> weights into initializers, fold BatchNormalization into Conv. The result computes the same outputs.
/// </summary>
public static class GraphPreparer
{
    public static PreparedModel Prepare(ModelProto source, bool foldBatchNorm = true)
    {
        ArgumentNullException.ThrowIfNull(source);
        var model = source.Clone();
        var notes = new List<string>(OpsetUpgrader.Upgrade(model));

        var lifted = ConstantNodeLifter.Lift(model);
        if (lifted > 0) notes.Add($"{lifted} Constant nodes became initializers");

        if (foldBatchNorm)
        {
            var folded = BatchNormFolder.Fold(model);
            if (folded > 0) notes.Add($"{folded} BatchNormalization nodes folded into Conv");
        }

        GraphCleanup.RemoveStaleValueInfo(model.Graph);
        return new PreparedModel(model, notes);
    }
}
