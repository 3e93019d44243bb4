using System.CommandLine;
using DeepSeek.Edge.Agent.Cli.Infer;
using DeepSeek.Edge.Inference;
using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Inference.Running;
using DeepSeek.Edge.Models.Store;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Cli;

/// <summary><c>ds-edge infer</c>: runs a model on an image, a directory of images or a video (a video goes through the camera pipeline).</summary>
internal static class InferCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model directory (with manifest.json) or package .zip", Required = true };
        var input = new Option<string>("--input") { Description = "Image, video file or directory of images", Required = true };
        var output = new Option<string?>("--out") { Description = "Write an annotated image (.jpg/.png) or video (.avi MJPG, .mp4 mp4v)" };
        var json = new Option<bool>("--json") { Description = "One JSON object per frame per line on standard output" };
        var providers = new Option<string>("--providers") { Description = "Execution provider chain, in order of preference", DefaultValueFactory = _ => "cpu" };
        var require = new Option<bool>("--require-provider") { Description = "Fail instead of falling back when the first provider cannot be used" };
        var threads = new Option<int>("--threads") { Description = "CPU intra-op threads (0: one per core)", DefaultValueFactory = _ => 0 };
        var verbose = new Option<bool>("--verbose") { Description = "Debug logging on standard error" };

        var command = new Command("infer", "Run a model on images or a video and print the results") { model, input, output, json, providers, require, threads, verbose };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(model)!, parse.GetValue(input)!, parse.GetValue(output), parse.GetValue(json),
            parse.GetValue(providers)!, parse.GetValue(require), parse.GetValue(threads), parse.GetValue(verbose), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string modelPath, string inputPath, string? outPath, bool json, string chain, bool require, int threads, bool verbose,
        CancellationToken cancellationToken)
    {
        using var logging = CliLogging.Create(verbose);
        InferenceOptions options;
        InferInput input;
        ModelBundle bundle;
        try
        {
            options = new InferenceOptions { Policy = require ? ProviderPolicy.Require : ProviderPolicy.Fallback }.WithProviders(InferenceOptions.ParseChain(chain));
            options.Cpu.IntraOpThreads = threads;
            input = InferInput.Open(inputPath);
            bundle = ModelBundle.Open(modelPath);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidDataException or Models.Manifest.ManifestException or ModelIntegrityException)
        {
            CliError.Write("infer", ex);
            return ExitCodes.BadInput;
        }

        try
        {
            if (input.IsVideo) return await VideoInference.RunAsync(bundle, options, input, outPath, json, logging, cancellationToken).ConfigureAwait(false);
            using var runner = ModelRunner.Load(bundle, options, logging.CreateLogger("ds-edge.inference"));
            using var annotated = outPath is null ? null : new AnnotatedOutput(outPath, false, 0);
            var (pre, inf, dec) = (new LatencyStats(), new LatencyStats(), new LatencyStats());
            var stdout = Console.Out;
            var frame = 0;
            var skipped = 0;
            var log = logging.CreateLogger("ds-edge.infer");
            foreach (var (source, mat) in input.Frames((file, ex) => InferLog.ImageSkipped(log, file, ++skipped, ex.Message)))
            {
                var result = runner.Run(mat);
                pre.Add(result.Timings.PreprocessMs);
                inf.Add(result.Timings.InferenceMs);
                dec.Add(result.Timings.DecodeMs);
                if (json) stdout.WriteLine(FrameJson.Write(frame, source, result.Output));
                else TextReport.WriteFrame(stdout, frame, source, result.Output);
                annotated?.Write(mat, result.Output);
                frame++;
            }

            var summaryTo = json ? Console.Error : stdout;
            TextReport.WriteSummary(summaryTo, bundle.Manifest.Id, runner.Engine.Provider.Name(), frame, skipped, pre, inf, dec);
            if (outPath is not null) summaryTo.WriteLine($"annotated output: {outPath}");
            if (frame > 0) return ExitCodes.Ok;
            CliError.Write("infer", new IOException($"none of the {skipped} image(s) in \"{inputPath}\" could be read"));
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is ProviderUnavailableException or Inference.Engine.ModelContractException or Models.Manifest.ManifestException or IOException or InvalidDataException)
        {
            CliError.Write("infer", ex);
            return ex is ProviderUnavailableException ? ExitCodes.Failure : ExitCodes.BadInput;
        }
    }
}
