using Polly;
using Polly.Retry;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>The <c>mqtt-connect</c> resilience pipeline: retry for ever, exponential backoff with jitter between the configured delays.</summary>
internal static class MqttConnectPipeline
{
    public const string Name = "mqtt-connect";

    public static ResiliencePipeline Create(MqttLinkOptions options, TimeProvider timeProvider, Func<OnRetryArguments<object>, ValueTask> onRetry) =>
        new ResiliencePipelineBuilder { Name = Name, InstanceName = options.EffectiveClientId, TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.ReconnectMinDelay,
                MaxDelay = options.ReconnectMaxDelay,
                OnRetry = onRetry,
            })
            .Build();
}
