using System.Diagnostics;
using System.Globalization;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Protocol.Topics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.FleetBench;

/// <summary>
/// D simulated devices, each its own MQTT 5 connection, publishing contract-2 telemetry at QoS 1 (each publish waits for its PUBACK)
/// at a target rate for all of them together: message k is due at k / rate seconds, from device k mod D with seq k / D + 1, so each
/// device's messages go out in order. <see cref="PublishedAt"/> holds each message's publish time (Stopwatch ticks) by k.
/// </summary>
internal sealed class TelemetryPublisher : IAsyncDisposable
{
    private readonly List<IMqttClient> _clients = [];
    private readonly int _cameras;

    private TelemetryPublisher(int devices, int cameras)
    {
        Devices = devices;
        _cameras = cameras;
    }

    /// <summary>The epoch of the current run's samples (a new one per run, so runs on one database do not collide).</summary>
    public string Epoch { get; private set; } = "";

    public int Devices { get; }

    public long[] PublishedAt { get; private set; } = [];

    public static string DeviceId(int i) => "bench-" + i.ToString("00000", CultureInfo.InvariantCulture);

    public static async Task<TelemetryPublisher> ConnectAsync(int port, int devices, int cameras)
    {
        var publisher = new TelemetryPublisher(devices, cameras);
        var session = Guid.NewGuid().ToString("N")[..8];
        var factory = new MqttClientFactory();
        for (var start = 0; start < devices; start += 50)
        {
            var batch = Enumerable.Range(start, Math.Min(50, devices - start)).Select(async i =>
            {
                var client = factory.CreateMqttClient();
                await client.ConnectAsync(new MqttClientOptionsBuilder().WithProtocolVersion(MqttProtocolVersion.V500)
                    .WithTcpServer("127.0.0.1", port).WithClientId(DeviceId(i) + "-" + session).WithKeepAlivePeriod(TimeSpan.FromSeconds(60)).Build());
                return client;
            });
            publisher._clients.AddRange(await Task.WhenAll(batch));
        }

        return publisher;
    }

    /// <summary>A new run of <paramref name="messages"/>: a new epoch, publish times cleared.</summary>
    public void NewRun(int messages)
    {
        Epoch = "b" + Guid.NewGuid().ToString("N")[..8];
        PublishedAt = new long[messages];
    }

    /// <summary>Publishes the run's messages at <paramref name="rate"/> per second; returns the seconds from the start to the last PUBACK.</summary>
    public async Task<double> PublishAsync(double rate, long startTicks)
    {
        var messages = PublishedAt.Length;
        var tasks = Enumerable.Range(0, Devices).Select(i => Task.Run(() => DeviceLoopAsync(i, messages, rate, startTicks))).ToArray();
        await Task.WhenAll(tasks);
        return Stopwatch.GetElapsedTime(startTicks).TotalSeconds;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            try
            {
                await client.DisconnectAsync();
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
            }

            client.Dispose();
        }
    }

    private async Task DeviceLoopAsync(int device, int messages, double rate, long startTicks)
    {
        var client = _clients[device];
        var id = DeviceId(device);
        var topics = new MqttTopics("dsedge", id);
        var started = DateTimeOffset.UtcNow;
        for (var k = device; k < messages; k += Devices)
        {
            var due = TimeSpan.FromSeconds(k / rate) - Stopwatch.GetElapsedTime(startTicks);
            if (due > TimeSpan.FromMilliseconds(1)) await Task.Delay(due);
            var seq = k / Devices + 1;
            var now = DateTimeOffset.UtcNow;
            var payload = ProtocolJson.Write(Sample(id, Epoch, seq, now, started, _cameras));
            PublishedAt[k] = Stopwatch.GetTimestamp();
            var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topics.Telemetry).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            if (!result.IsSuccess) throw new InvalidOperationException($"the broker refused {topics.Telemetry} seq {seq}: {result.ReasonCode}");
        }
    }

    /// <summary>The sample every bench device sends: its cameras streaming at 24.8 fps, agent and health figures as an agent reports them.</summary>
    public static TelemetryDocument Sample(string device, string epoch, long seq, DateTimeOffset now, DateTimeOffset started, int count)
    {
        var cameras = new CameraHealth[count];
        for (var c = 0; c < count; c++)
        {
            var name = "cam" + c.ToString(CultureInfo.InvariantCulture);
            cameras[c] = new CameraHealth(name, "rtsp://10.0.0.2/" + name, "streaming", "faces@1.0.0", "cpu", seq * 250, seq * 248, seq * 2, 24.8);
        }

        var health = new DeviceHealth(now, CpuUsagePercent: 41.5, MemoryTotalBytes: 8L << 30, MemoryAvailableBytes: 5L << 30, ProcessRssBytes: 300L << 20,
            Temperatures: [new TemperatureReading("thermal_zone0", "CPU-therm", 51.5), new TemperatureReading("thermal_zone1", "GPU-therm", 49.0)],
            AgentUptimeSeconds: (now - started).TotalSeconds);
        return new TelemetryDocument(device, epoch, seq, now, new AgentSummary("1.4.0", "ok", started, (now - started).TotalSeconds, true), cameras, health);
    }
}
