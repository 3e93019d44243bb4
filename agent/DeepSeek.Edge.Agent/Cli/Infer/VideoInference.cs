using DeepSeek.Edge.Inference;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Pipelines.Capture;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Scheduling;
using DeepSeek.Edge.Pipelines.Sources;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Cli.Infer;

/// <summary><c>infer</c> on a video file, through the same camera pipeline the agent runs (every frame exactly once, in order).</summary>
internal static class VideoInference
{
    public static async Task<int> RunAsync(ModelBundle bundle, InferenceOptions options, InferInput input, string? outPath, bool json,
        ILoggerFactory logging, CancellationToken cancellationToken)
    {
        var log = logging.CreateLogger("ds-edge.infer");
        var name = Path.GetFileName(input.Path);
        await using var host = ModelHost.Load(bundle, new ModelHostOptions { Inference = options }, logging);
        using var annotated = outPath is null ? null : new AnnotatedOutput(outPath, true, input.VideoFps());
        var sink = new InferVideoSink(Console.Out, json, name, annotated);
        var camera = CameraPipeline.Create(new CameraOptions { Name = "infer", Source = new SourceOptions { Uri = "file:" + input.Path } }, host, logging);
        await using (camera.ConfigureAwait(false))
        {
            camera.Subscribe(sink, "infer-output");
            camera.Start();
            try
            {
                await camera.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await camera.StopAsync().ConfigureAwait(false);
            }

            if (camera.Health is { State: SourceState.Failed } failed)
            {
                log.LogError("{Message}", failed.Detail);
                return ExitCodes.BadInput;
            }
        }

        if (sink.Error is { } error)
        {
            log.LogError("{Message}", error.Message);
            return ExitCodes.BadInput;
        }

        var summaryTo = json ? Console.Error : Console.Out;
        TextReport.WriteSummary(summaryTo, bundle.Manifest.Id, host.Current.Provider, sink.Frames, 0, sink.Preprocess, sink.Inference, sink.Decode);
        if (outPath is not null) summaryTo.WriteLine($"annotated output: {outPath}");
        return cancellationToken.IsCancellationRequested ? ExitCodes.Failure : ExitCodes.Ok;
    }
}
