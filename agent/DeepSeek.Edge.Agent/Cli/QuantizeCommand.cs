using System.CommandLine;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Quantization;
using DeepSeek.Edge.Quantization.Mixed;
using DeepSeek.Edge.Quantization.Report;
using DeepSeek.Edge.Vision.Images;

namespace DeepSeek.Edge.Agent.Cli;

/// <summary>
/// <c>ds-edge quantize --model DIR --calibration DIR --out DIR [--method static|dynamic] [--calibrator minmax|percentile|entropy]</c>:
/// writes an INT8 copy of a model directory and prints FP32 vs INT8 size, latency and accuracy.
/// </summary>
internal static class QuantizeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "FP32 model directory (manifest.json + model)", Required = true };
        var calibration = new Option<string>("--calibration") { Description = "Directory of sample images like the camera sees (calibration; every 4th is held out for the accuracy check unless --holdout is given)", Required = true };
        var output = new Option<string>("--out") { Description = "New model directory for the INT8 model", Required = true };
        var method = new Option<string>("--method") { Description = "static (calibrated QDQ: Conv, MatMul, Gemm...) or dynamic (MatMul/Gemm weights only)", DefaultValueFactory = _ => "static" };
        var calibrator = new Option<string>("--calibrator") { Description = "Activation ranges: minmax, percentile or entropy", DefaultValueFactory = _ => "minmax" };
        var activations = new Option<string?>("--activations") { Description = "uint8 (asymmetric, fastest on ORT CPU) or int8 (symmetric, zero point 0); default: from --target (tensorrt takes int8 only)" };
        var target = new Option<string>("--target") { Description = "Where the model will run, recorded in the manifest: cpu (uint8 activations) or tensorrt (symmetric int8 activations and weights, zero point 0)", DefaultValueFactory = _ => "cpu" };
        var holdout = new Option<string?>("--holdout", "--eval") { Description = "Directory of images used only to compare INT8 with FP32 (the accuracy gate)" };
        var budget = QuantizeBudgetOptions.Create();
        var excludeNodes = new Option<string[]>("--exclude-node") { Description = "Node name to keep float (repeatable)", AllowMultipleArgumentsPerToken = true };
        var excludeOps = new Option<string[]>("--exclude-op") { Description = "Op type to keep float, e.g. Add (repeatable)", AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int>("--threads") { Description = "CPU intra-op threads for calibration and both latency runs (0: one per core)", DefaultValueFactory = _ => 0 };
        var runs = new Option<int>("--runs") { Description = "Timed runs per model for the latency comparison (0: skip)", DefaultValueFactory = _ => 30 };
        var maxFloatLayers = new Option<int>("--max-float-layers") { Description = "When INT8 misses the accuracy budget, keep up to this many of the most sensitive layers float until it meets it (0: no search, refuse)", DefaultValueFactory = _ => new MixedPrecisionOptions().MaxFloatLayers };
        var force = new Option<bool>("--force") { Description = "Write into --out even if it already has files, and write the model even if it misses the accuracy budget (the manifest records the miss)" };

        var command = new Command("quantize", "Quantize a model to INT8 (post-training) and compare it with FP32")
        {
            model, calibration, output, method, calibrator, activations, target, holdout, excludeNodes, excludeOps, maxFloatLayers, threads, runs, force,
        };
        budget.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            QuantizeRequest request;
            try
            {
                request = QuantizeArguments.ToRequest(
                    parse.GetValue(model)!, parse.GetValue(calibration)!, parse.GetValue(output)!, parse.GetValue(method)!, parse.GetValue(calibrator)!,
                    parse.GetValue(target)!, parse.GetValue(activations), parse.GetValue(holdout), parse.GetValue(excludeNodes) ?? [], parse.GetValue(excludeOps) ?? [],
                    parse.GetValue(maxFloatLayers), parse.GetValue(threads), parse.GetValue(runs), parse.GetValue(force)) with { Budget = budget.Read(parse) };
            }
            catch (ArgumentException ex)
            {
                CliError.Write("quantize", ex);
                return ExitCodes.BadInput;
            }

            return await Task.Run(() => Run(request, ct), ct).ConfigureAwait(false);
        });
        return command;
    }

    private static int Run(QuantizeRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var quantizer = new ModelDirectoryQuantizer(progress: line => Console.Error.WriteLine($"ds-edge quantize: {line}"));
            var report = quantizer.Run(request, cancellationToken);
            Console.Out.Write(ReportWriter.Format(report));
            if (report.Written) return ExitCodes.Ok;
            CliError.Write("quantize", $"INT8 {report.Model} misses the accuracy budget ({string.Join("; ", report.Verdict.Misses)}); nothing was written to {report.OutputDirectory}. {(report.MixedPrecision is null ? "Keep sensitive layers float (--max-float-layers, --exclude-op, --exclude-node)" : "The layer analysis above ranks the sensitive layers: raise --max-float-layers or exclude them (--exclude-op, --exclude-node)")}, lower the --min-* bounds, or give --force");
            return ExitCodes.BelowAccuracyBudget;
        }
        catch (Exception ex) when (ex is QuantizationException or ManifestException or ModelIntegrityException or ImageFileException
            or FileNotFoundException or DirectoryNotFoundException)
        {
            CliError.Write("quantize", ex);
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            CliError.Write("quantize", "cancelled; nothing was written");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            CliError.Write("quantize", "failed: " + ex.Message);
            return ExitCodes.Failure;
        }
    }
}
