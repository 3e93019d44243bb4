using System.Diagnostics.Metrics;
using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Agent.Outbox;
using DeepSeek.Edge.Inference.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace DeepSeek.Edge.Agent.Metrics;

/// <summary>
/// What <c>/metrics</c> serves: the OpenTelemetry SDK reading the agent's meter (<see cref="EdgeMeter"/>) and the .NET runtime's
/// metrics (<c>dotnet_*</c>, process CPU time and working set among them), rendered in the Prometheus text format by OpenTelemetry's exporter. Created when the agent is
/// built, so counters count from the start; the counters an operator alerts on are present at zero from then on.
/// Durations are histograms in seconds (<see cref="SecondsBuckets"/>).
/// </summary>
public sealed class AgentMetrics : IDisposable
{
    /// <summary>Upper bounds of the buckets of every histogram in seconds: 0.5 ms to 30 s.</summary>
    public static IReadOnlyList<double> SecondsBuckets { get; } = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly IDisposable _gauges;

    internal AgentMetrics(string deviceId, IDisposable gauges)
    {
        _gauges = gauges;
        Provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService("ds-edge", serviceVersion: AgentBuild.Version, serviceInstanceId: deviceId, autoGenerateServiceInstanceId: false))
            .AddMeter(EdgeMeter.Name)
            .AddRuntimeInstrumentation()
            .AddView(i => i is Histogram<double> && i.Unit == "s" ? new ExplicitBucketHistogramConfiguration { Boundaries = [.. SecondsBuckets] } : null)
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0)
            .Build();
        CountFromZero();
    }

    /// <summary>The provider the <c>/metrics</c> route renders.</summary>
    public MeterProvider Provider { get; }

    public void Dispose()
    {
        _gauges.Dispose();
        Provider.Dispose();
    }

    /// <summary>A rate or an alert on a counter needs the series before the first event: these start at 0.</summary>
    private static void CountFromZero()
    {
        foreach (var priority in Enum.GetValues<OutboxPriority>())
        {
            var tag = OutboxMetrics.Tag(priority);
            OutboxMetrics.Delivered.Add(0, tag);
            OutboxMetrics.Dropped.Add(0, tag, new("reason", "full"));
            OutboxMetrics.Dropped.Add(0, tag, new("reason", "disk_low"));
            OutboxMetrics.Unstored.Add(0, tag, new("reason", "disk_low"));
            OutboxMetrics.Unstored.Add(0, tag, new("reason", "write_failed"));
        }

        MqttMetrics.Connects.Add(0, new KeyValuePair<string, object?>("kind", "reconnect"));
    }
}
