using DeepSeek.Edge.Quantization;
using DeepSeek.Edge.Quantization.Calibration;
using DeepSeek.Edge.Quantization.Dynamic;
using DeepSeek.Edge.Quantization.Evaluation;
using DeepSeek.Edge.Quantization.Qdq;
using DeepSeek.Edge.Quantization.Sessions;

namespace DeepSeek.Edge.Agent.Cli;

/// <summary>Turns <c>ds-edge quantize</c> option values into a <see cref="QuantizeRequest"/>; a bad value throws <see cref="ArgumentException"/> naming the option and what it accepts.</summary>
internal static class QuantizeArguments
{
    public static QuantizeRequest ToRequest(
        string model, string calibration, string output, string method, string calibrator, string activations, string? holdout,
        string[] excludeNodes, string[] excludeOps, int threads, int runs, bool force)
    {
        if (threads < 0) throw new ArgumentException($"--threads is {threads}; give 0 (one per core) or a positive count");
        if (runs < 0) throw new ArgumentException($"--runs is {runs}; give 0 (no latency comparison) or a positive count");
        return new QuantizeRequest(model, calibration, output)
        {
            Method = Parse<QuantizationMethod>("--method", method, ["static", "dynamic"]),
            Static = new StaticQuantizationOptions
            {
                Calibrator = Parse<CalibrationMethod>("--calibrator", calibrator, ["minmax", "percentile", "entropy"]),
                Activations = Parse<ActivationType>("--activations", activations, ["uint8", "int8"]),
                ExcludeNodes = excludeNodes,
                ExcludeOpTypes = excludeOps,
            },
            Dynamic = new DynamicQuantizationOptions { ExcludeNodes = excludeNodes, ExcludeOpTypes = excludeOps },
            HoldoutDirectory = holdout,
            Evaluation = new EvaluationOptions { LatencyRuns = runs },
            Sessions = threads == 0 ? SessionSettings.Default : new SessionSettings(threads),
            Overwrite = force,
            AcceptBelowBudget = force,
        };
    }

    /// <summary>The activation type: <c>--activations</c> when given, else the one <c>--target</c> takes (tensorrt: int8, cpu: uint8).</summary>
    public static string Activations(string? activations, string target)
    {
        var fromTarget = target.Trim().ToUpperInvariant() switch
        {
            "TENSORRT" => "int8",
            "CPU" => "uint8",
            _ => throw new ArgumentException($"--target is \"{target}\"; use one of: cpu, tensorrt"),
        };
        return activations ?? fromTarget;
    }

    private static T Parse<T>(string option, string value, string[] allowed) where T : struct, Enum
    {
        var normalized = value.Replace("-", "", StringComparison.Ordinal).Trim();
        if (allowed.Contains(normalized, StringComparer.OrdinalIgnoreCase) && Enum.TryParse<T>(normalized, ignoreCase: true, out var parsed))
            return parsed;
        throw new ArgumentException($"{option} is \"{value}\"; use one of: {string.Join(", ", allowed)}");
    }
}
