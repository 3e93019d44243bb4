using DeepSeek.Edge.Quantization.Calibration;
using Onnx;

namespace DeepSeek.Edge.Quantization.Qdq;

/// <summary>
/// A prepared FP32 model with the activation ranges calibration measured for every tensor of its full QDQ plan, so that
/// variants with more nodes kept float (or only some quantized) are written without calibrating again: ranges are measured
/// on the FP32 graph, so they do not depend on what else is quantized.
/// </summary>
public sealed class CalibratedModel
{
    internal CalibratedModel(ModelProto prepared, IReadOnlyList<string> notes, QdqPlan plan, IReadOnlyDictionary<string, TensorRange> ranges, int samples, StaticQuantizationOptions options)
    {
        Prepared = prepared;
        Notes = notes;
        Plan = plan;
        Ranges = ranges;
        Samples = samples;
        Options = options;
    }

    /// <summary>The prepared FP32 graph (never modified; each variant is written on a copy).</summary>
    public ModelProto Prepared { get; }

    public IReadOnlyList<string> Notes { get; }

    /// <summary>The plan with the options' own exclusions: what a plain quantization writes.</summary>
    public QdqPlan Plan { get; }

    public IReadOnlyDictionary<string, TensorRange> Ranges { get; }

    public int Samples { get; }

    public StaticQuantizationOptions Options { get; }

    /// <summary>Writes the model quantized as the options say (the plain result).</summary>
    public StaticQuantizationResult Write() => Write(Options);

    /// <summary>Writes a variant on a copy of the prepared graph: the options may keep more nodes float, or name the only nodes to quantize.</summary>
    public StaticQuantizationResult Write(StaticQuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var model = Prepared.Clone();
        var plan = QdqPlanner.Plan(model, options);
        var summary = QdqGraphWriter.Write(model, plan, Ranges, options.Activations);
        return new StaticQuantizationResult(model, summary, Notes, Samples, Ranges);
    }
}
