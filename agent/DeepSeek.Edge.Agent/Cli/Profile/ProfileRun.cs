using System.Diagnostics;
using DeepSeek.Edge.Inference;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Pipelines.Capture;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Profiling;
using DeepSeek.Edge.Pipelines.Scheduling;
using DeepSeek.Edge.Pipelines.Sources;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Cli.Profile;

/// <summary>Runs the real camera pipeline for a while and measures it.</summary>
internal static class ProfileRun
{
    public const string CameraName = "profile";

    public static async Task<(ProfileReport Report, SourceHealth Health)> RunAsync(
        ModelBundle bundle, InferenceOptions inference, string sourceUri, TimeSpan duration, bool ortProfile, ILoggerFactory logging, CancellationToken cancellationToken)
    {
        if (ortProfile) inference.ProfilePrefix = Path.Combine(Directory.CreateTempSubdirectory("ds-edge-profile-").FullName, "ort");
        var options = new CameraOptions { Name = CameraName, Source = new SourceOptions { Uri = sourceUri } };
        options.Validate();

        await using var host = ModelHost.Load(bundle, new ModelHostOptions { Inference = inference }, logging);
        await using var camera = CameraPipeline.Create(options, host, logging);
        using var profiler = new PipelineProfiler(CameraName);
        var usage = new ProcessUsageSampler();
        usage.Start();
        var start = Stopwatch.GetTimestamp();
        camera.Start();
        try
        {
            await camera.Completion.WaitAsync(duration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // the time is up (or Ctrl+C): stop and report what was measured
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        await camera.StopAsync().ConfigureAwait(false);
        var process = usage.Stop();
        string? trace = null;
        IReadOnlyList<OperatorTime> operators = [];
        if (ortProfile)
        {
            trace = await host.EndProfilingAsync().ConfigureAwait(false);
            operators = OrtProfileReader.TopOperators(trace, 10);
        }

        return (profiler.Report(camera, elapsed, process, operators, trace), camera.Health);
    }
}
