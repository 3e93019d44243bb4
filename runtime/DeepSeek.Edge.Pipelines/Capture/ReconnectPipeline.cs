using DeepSeek.Edge.Pipelines.Sources;
using DeepSeek.Edge.Pipelines.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace DeepSeek.Edge.Pipelines.Capture;

/// <summary>
/// The <c>source-open</c> resilience pipeline of one camera: transient <see cref="FrameSourceException"/>s are retried
/// with exponential backoff and jitter, from <see cref="SourceOptions.ReconnectDelay"/> up to
/// <see cref="SourceOptions.ReconnectMaxDelay"/>, at most <see cref="SourceOptions.MaxReconnectAttempts"/> times in a row.
/// </summary>
internal static class ReconnectPipeline
{
    public static ResiliencePipeline Create(SourceOptions options, SourceStatus status, ILogger logger, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder { Name = "source-open", InstanceName = status.Camera, TimeProvider = time };
        return builder.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<FrameSourceException>(e => e.Transient),
            MaxRetryAttempts = options.MaxReconnectAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.ReconnectDelay,
            MaxDelay = options.ReconnectMaxDelay,
            OnRetry = args =>
            {
                var reason = args.Outcome.Exception?.Message ?? "unknown";
                status.CountReconnect();
                status.Set(SourceState.Reconnecting, reason);
                PipelineLog.ReopenScheduled(logger, status.Camera, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, reason);
                return default;
            },
        }).Build();
    }
}
