using System.CommandLine;
using DeepSeek.Edge.Agent.Cli.Profile;
using DeepSeek.Edge.Inference;
using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Pipelines.Capture;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Cli;

/// <summary>
/// <c>ds-edge profile</c>: runs the real camera pipeline on a source and prints, per stage, p50/p95/p99 and share of
/// time, fps in and out, drops, process CPU and peak RSS, and with <c>--ort-profile</c> the top operators by time.
/// </summary>
internal static class ProfileCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model directory (with manifest.json) or package .zip", Required = true };
        var source = new Option<string>("--source")
        {
            Description = "Source URI: file:<video or image folder>, v4l2:/dev/videoN, csi://N, rtsp://..., http(s)://..., gst:<pipeline>, test:",
            Required = true,
        };
        var duration = new Option<double>("--duration") { Description = "Seconds to run (a file that ends sooner ends the run)", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON on standard output" };
        var ortProfile = new Option<bool>("--ort-profile") { Description = "Run ONNX Runtime's profiler too and print the top operators by time" };
        var providers = new Option<string>("--providers") { Description = "Execution provider chain, in order of preference", DefaultValueFactory = _ => "cpu" };
        var threads = new Option<int>("--threads") { Description = "CPU intra-op threads (0: one per core)", DefaultValueFactory = _ => 0 };
        var verbose = new Option<bool>("--verbose") { Description = "Debug logging on standard error" };

        var command = new Command("profile", "Run the camera pipeline on a source and report where the time goes")
        {
            model, source, duration, json, ortProfile, providers, threads, verbose,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new ProfileRequest(parse.GetValue(model)!, parse.GetValue(source)!, parse.GetValue(duration), parse.GetValue(json),
                parse.GetValue(ortProfile), parse.GetValue(providers)!, parse.GetValue(threads), parse.GetValue(verbose)),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ProfileRequest request, CancellationToken cancellationToken)
    {
        using var logging = CliLogging.Create(request.Verbose);
        InferenceOptions options;
        ModelBundle bundle;
        try
        {
            if (request.DurationSeconds is <= 0 or > 86_400)
                throw new ArgumentException($"--duration must be more than 0 and at most 86400 seconds; got {request.DurationSeconds}");
            options = new InferenceOptions().WithProviders(InferenceOptions.ParseChain(request.Providers));
            options.Cpu.IntraOpThreads = request.Threads;
            bundle = ModelBundle.Open(request.Model);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidDataException or Models.Manifest.ManifestException or ModelIntegrityException)
        {
            CliError.Write("profile", ex);
            return ExitCodes.BadInput;
        }

        try
        {
            var (report, health) = await ProfileRun.RunAsync(bundle, options, request.Source, TimeSpan.FromSeconds(request.DurationSeconds),
                request.OrtProfile, logging, cancellationToken).ConfigureAwait(false);
            if (request.Json) Console.Out.WriteLine(ProfileJson.Write(report));
            else ProfileText.Write(Console.Out, report);
            if (health.State != SourceState.Failed) return ExitCodes.Ok;
            CliError.Write("profile", $"the source failed: {health.Detail}");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is ArgumentException or ProviderUnavailableException or Inference.Engine.ModelContractException or Models.Manifest.ManifestException or IOException)
        {
            CliError.Write("profile", ex);
            return ex is ProviderUnavailableException ? ExitCodes.Failure : ExitCodes.BadInput;
        }
    }
}
