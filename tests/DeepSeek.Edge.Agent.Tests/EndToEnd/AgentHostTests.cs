using System.Net;
using System.Text;
using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Agent.Http;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>The whole agent in-process against a real mosquitto: camera on a real video, events, telemetry, commands, status endpoint.</summary>
public sealed class AgentHostTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-agent");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Agent_OnSampleVideo_PublishesFacesTelemetryAndAnswersCommands()
    {
        using var broker = MosquittoBroker.Start();
        var device = "host-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port, http: true, eventIntervalMs: 500);
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/#");
        using var host = AgentHost.Build(AgentConfiguration.Build(config, []));
        await host.StartAsync();
        try
        {
            var status = await probe.NextAsync(m => m.Topic.EndsWith("/status", StringComparison.Ordinal));
            Assert.Equal("online", status.Json.GetProperty("state").GetString());

            var face = await probe.NextAsync(m => m.Topic.EndsWith("/events", StringComparison.Ordinal));
            Assert.Equal("face", face.Json.GetProperty("label").GetString());
            Assert.Equal("door", face.Json.GetProperty("camera").GetString());
            Assert.Equal("cpu", face.Json.GetProperty("model").GetProperty("provider").GetString());

            await using (var console = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/status"))
            {
                var retained = await console.NextAsync(); // a console that subscribes later still sees the device online
                Assert.True(retained.Retain);
                Assert.Equal("online", retained.Json.GetProperty("state").GetString());
            }

            // The first telemetry may be sampled before the camera's counters move; a later one must count frames.
            var telemetry = await probe.NextAsync(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal)
                && m.Json.GetProperty("cameras")[0].GetProperty("frames_processed").GetInt64() > 0);
            Assert.Equal("deepseek-edge/telemetry/v1", telemetry.Json.GetProperty("schema").GetString());
            Assert.Equal("streaming", telemetry.Json.GetProperty("cameras")[0].GetProperty("state").GetString());
            Assert.NotEqual(face.Json.GetProperty("seq").GetInt64(), telemetry.Json.GetProperty("seq").GetInt64()); // one per-device sequence

            var correlation = Encoding.UTF8.GetBytes("req-42");
            await probe.PublishAsync($"dsedge/devices/{device}/commands/ping", "{}"u8.ToArray(), $"dsedge/devices/{device}/responses/test", correlation);
            var pong = await probe.NextAsync(m => m.Topic == $"dsedge/devices/{device}/responses/test");
            Assert.Equal(correlation, pong.CorrelationData);
            Assert.True(pong.Json.GetProperty("ok").GetBoolean());

            await probe.PublishAsync($"dsedge/devices/{device}/commands/set", """{"args":{"camera":"door","score_threshold":2}}"""u8.ToArray(), $"dsedge/devices/{device}/responses/test", correlation);
            var refused = await probe.NextAsync(m => m.Topic == $"dsedge/devices/{device}/responses/test");
            Assert.False(refused.Json.GetProperty("ok").GetBoolean());
            Assert.Contains("between 0 and 1", refused.Json.GetProperty("error").GetString());

            var server = host.Services.GetServices<IHostedService>().OfType<StatusServer>().Single();
            using var http = new HttpClient { BaseAddress = new Uri(server.Addresses[0]), Timeout = TestTimeouts.Wait };
            using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            var jpeg = await http.GetByteArrayAsync(new Uri("/snapshot/door.jpg", UriKind.Relative));
            Assert.Equal([0xFF, 0xD8], jpeg[..2]);
            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Contains("dsedge_build_info{", metrics); // build facts, the model each camera runs, durations in seconds, runtime metrics
            Assert.Matches("""dsedge_model_info\{[^}]*camera="door",model="blazeface-back",precision="fp32",provider="cpu",version="1.0.0"\} 1""", metrics);
            Assert.True(AgentEndpoint.Sample(metrics, "dsedge_pipeline_latency_seconds_bucket", "camera=\"door\"", "le=\"+Inf\"") > 0);
            Assert.True(AgentEndpoint.Sample(metrics, "dsedge_inference_duration_seconds_count", "model=\"blazeface-back\"") > 0);
            Assert.True(AgentEndpoint.Sample(metrics, "dotnet_gc_heap_total_allocated_bytes_total") > 0);
            Assert.Equal(0, AgentEndpoint.Sample(metrics, "dsedge_outbox_messages_dropped_total", "priority=\"event\"", "reason=\"full\"")); // present before any drop
            Assert.Contains("dsedge_outbox_messages_dropped_total{", metrics);
            Assert.True(AgentEndpoint.Sample(metrics, "dsedge_device_memory_bytes", "kind=\"total\"") > 0);
            foreach (var name in DashboardAndAlertMetrics().Except(OnlyWhenSomethingHappens))
                Assert.True(metrics.Contains($"# TYPE {name} ", StringComparison.Ordinal), $"{name}, used by the Grafana dashboard or the alert rules, is not exported");
            using var missing = await http.GetAsync(new Uri("/snapshot/garage.jpg", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    // Series that appear only on a Jetson, or once frames are dropped or an update ran.
    private static readonly string[] OnlyWhenSomethingHappens =
        ["dsedge_device_temperature_celsius", "dsedge_device_gpu_utilization", "dsedge_camera_frames_dropped_total", "dsedge_ota_update_state"];

    /// <summary>The metric families docs/grafana/ds-edge.json and packaging/prometheus/ds-edge.yml query (histograms by their base name).</summary>
    private static IEnumerable<string> DashboardAndAlertMetrics() =>
        new[] { Path.Combine(TestAssets.RepoRoot, "docs", "grafana", "ds-edge.json"), Path.Combine(TestAssets.RepoRoot, "packaging", "prometheus", "ds-edge.yml") }
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), "dsedge_[a-z_]+").Select(m => m.Value))
            .Select(n => n.EndsWith("_bucket", StringComparison.Ordinal) ? n[..^"_bucket".Length] : n)
            .Distinct(StringComparer.Ordinal);

    [Fact]
    public void Build_ConfigWithUnknownSection_NamesItAndTheKnownOnes()
    {
        var path = Path.Combine(_dir.Path, "bad.json");
        File.WriteAllText(path, """{"Agent":{},"Camras":[]}""");

        var ex = Assert.Throws<InvalidDataException>(() => AgentHost.Build(AgentConfiguration.Build(path, [])));

        Assert.Contains("Camras", ex.Message);
        Assert.Contains("unknown section", ex.Message);
        Assert.Contains("Agent, Mqtt", ex.Message);
    }
}
