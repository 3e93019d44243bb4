using System.CommandLine;
using DeepSeek.Edge.Quantization.Gate;

namespace DeepSeek.Edge.Agent.Cli;

/// <summary>The <c>--min-*</c> options of <c>ds-edge quantize</c>: the accuracy budget INT8 must meet against FP32.</summary>
internal sealed class QuantizeBudgetOptions
{
    private static readonly AccuracyBudget Defaults = new();

    private readonly Option<double> _recall = Bound("--min-recall", "Detection: share of FP32 boxes INT8 also finds", Defaults.MinRecall);
    private readonly Option<double> _precision = Bound("--min-precision", "Detection: share of INT8 boxes that FP32 also finds", Defaults.MinPrecision);
    private readonly Option<double> _iou = Bound("--min-iou", "Detection: mean IoU of matched boxes", Defaults.MinMeanIoU);
    private readonly Option<double> _cosine = Bound("--min-cosine", "Embedding: mean cosine of every output", Defaults.MinMeanCosine);
    private readonly Option<double> _worstCosine = Bound("--min-worst-cosine", "Embedding: worst cosine of every output", Defaults.MinWorstCosine);
    private readonly Option<double> _top1 = Bound("--min-top1", "Classification: top-1 agreement", Defaults.MinTop1Agreement);

    public static QuantizeBudgetOptions Create() => new();

    public void AddTo(Command command)
    {
        foreach (var option in new[] { _recall, _precision, _iou, _cosine, _worstCosine, _top1 }) command.Options.Add(option);
    }

    public AccuracyBudget Read(ParseResult parse) => new()
    {
        MinRecall = Check(_recall, parse),
        MinPrecision = Check(_precision, parse),
        MinMeanIoU = Check(_iou, parse),
        MinMeanCosine = Check(_cosine, parse),
        MinWorstCosine = Check(_worstCosine, parse),
        MinTop1Agreement = Check(_top1, parse),
    };

    private static Option<double> Bound(string name, string what, double value) =>
        new(name) { Description = $"{what}, 0 to 1 (default {value.ToString(System.Globalization.CultureInfo.InvariantCulture)})", DefaultValueFactory = _ => value };

    private static double Check(Option<double> option, ParseResult parse)
    {
        var value = parse.GetValue(option);
        if (value is < 0 or > 1 || double.IsNaN(value)) throw new ArgumentException($"{option.Name} is {value}; give a fraction from 0 to 1");
        return value;
    }
}
