using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Naming;
using DeepSeek.Edge.Quantization;
using DeepSeek.Edge.Quantization.Calibration;
using DeepSeek.Edge.Quantization.Dynamic;
using DeepSeek.Edge.Quantization.Evaluation;
using DeepSeek.Edge.Quantization.Mixed;
using DeepSeek.Edge.Quantization.Qdq;
using DeepSeek.Edge.Quantization.Sessions;

namespace DeepSeek.Edge.Agent.Cli;

/// <summary>Turns <c>ds-edge quantize</c> option values into a <see cref="QuantizeRequest"/>; a bad value throws <see cref="ArgumentException"/> naming the option and what it accepts.</summary>
internal static class QuantizeArguments
{
    public static QuantizeRequest ToRequest(
        string model, string calibration, string output, string method, string calibrator, string target, string? activations, string? holdout,
        string[] excludeNodes, string[] excludeOps, int maxFloatLayers, int threads, int runs, bool force)
    {
        if (maxFloatLayers < 0) throw new ArgumentException($"--max-float-layers is {maxFloatLayers}; give 0 (no mixed-precision search) or a positive count");
        if (threads < 0) throw new ArgumentException($"--threads is {threads}; give 0 (one per core) or a positive count");
        if (runs < 0) throw new ArgumentException($"--runs is {runs}; give 0 (no latency comparison) or a positive count");
        var where = QuantizationTargets.TryParse(target)
            ?? throw new ArgumentException($"--target is \"{target}\"{Suggestion.For(target, QuantizationTargets.Names)}; use one of: {string.Join(", ", QuantizationTargets.Names)}");
        var stored = activations is null ? where.Activations() : Parse<ActivationType>("--activations", activations, ["uint8", "int8"]);
        if (where == QuantizationTarget.TensorRT && stored != ActivationType.Int8)
            throw new ArgumentException($"--target tensorrt with --activations {activations}: TensorRT's INT8 path takes symmetric int8 activations only; drop --activations (tensorrt picks int8) or use --target cpu");
        return new QuantizeRequest(model, calibration, output)
        {
            Method = Parse<QuantizationMethod>("--method", method, ["static", "dynamic"]),
            Target = where,
            Static = new StaticQuantizationOptions
            {
                Calibrator = Parse<CalibrationMethod>("--calibrator", calibrator, ["minmax", "percentile", "entropy"]),
                Activations = stored,
                ExcludeNodes = excludeNodes,
                ExcludeOpTypes = excludeOps,
            },
            Dynamic = new DynamicQuantizationOptions { ExcludeNodes = excludeNodes, ExcludeOpTypes = excludeOps },
            MixedPrecision = new MixedPrecisionOptions { MaxFloatLayers = maxFloatLayers },
            HoldoutDirectory = holdout,
            Evaluation = new EvaluationOptions { LatencyRuns = runs },
            Sessions = threads == 0 ? SessionSettings.Default : new SessionSettings(threads),
            Overwrite = force,
            AcceptBelowBudget = force,
        };
    }

    private static T Parse<T>(string option, string value, string[] allowed) where T : struct, Enum
    {
        var normalized = value.Replace("-", "", StringComparison.Ordinal).Trim();
        if (allowed.Contains(normalized, StringComparer.OrdinalIgnoreCase) && Enum.TryParse<T>(normalized, ignoreCase: true, out var parsed))
            return parsed;
        throw new ArgumentException($"{option} is \"{value}\"; use one of: {string.Join(", ", allowed)}");
    }
}
