using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.InteropServices;
using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Agent.Ota;
using DeepSeek.Edge.Inference.Telemetry;
using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Agent.Metrics;

/// <summary>
/// Gauges read at each scrape from the agents running in this process (one in production; several in tests): build info,
/// the model each camera runs, each camera's update state, and the device health telemetry also reports (CPU, memory,
/// disk, temperatures, Jetson GPU load and power rails). Info gauges are 1 with the facts as labels.
/// </summary>
internal static class AgentGauges
{
    /// <summary>The update states a camera can be in; one series each, 1 for the current one (a Prometheus state set).</summary>
    public static readonly string[] UpdateStates = ["downloading", "verifying", "staged", "activating", "active", "failed", "rolled-back"];

    private static readonly ConcurrentDictionary<Source, byte> Sources = new();

    private static readonly ObservableGauge<int>[] Info =
    [
        EdgeMeter.Instance.CreateObservableGauge(
            "dsedge.build.info",
            () => Sources.IsEmpty ? (Measurement<int>[])[] : [new Measurement<int>(1, new("version", AgentBuild.Version), new("revision", AgentBuild.Revision ?? "unknown"),
                new("runtime", Environment.Version.ToString()), new("arch", RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()))],
            description: "1, with the agent's version, source revision, .NET runtime version and architecture as labels"),
        EdgeMeter.Instance.CreateObservableGauge(
            "dsedge.model.info",
            () => Each(s => s.Models().Select(m => new Measurement<int>(1,
                new("camera", m.Camera), new("model", m.Name), new("version", m.Version), new("precision", m.Precision), new("provider", m.Provider)))),
            description: "1 per camera, with the model it runs now (name, version, precision, execution provider) as labels"),
        EdgeMeter.Instance.CreateObservableGauge(
            "dsedge.model.nodes",
            () => Each(s => s.Models().SelectMany(m => m.Nodes.Select(n => new Measurement<int>(n.Nodes,
                new("camera", m.Camera), new("model", m.Name), new("version", m.Version), new("provider", n.Provider))))),
            unit: "{node}",
            description: "Nodes of each camera's model that ONNX Runtime put on each execution provider, from its profile of the warm-up run (a TensorRT engine is one node)"),
        EdgeMeter.Instance.CreateObservableGauge(
            "dsedge.ota.update.state",
            () => Each(s => s.Updates().SelectMany(u => UpdateStates.Select(state => new Measurement<int>(state == u.State ? 1 : 0,
                new("camera", u.Camera), new("model", u.Model), new("version", u.Version), new("state", state))))),
            description: "Per camera with an update under way or done, 1 for its current update state and 0 for the others"),
    ];

    private static readonly ObservableGauge<double>[] DeviceRatios =
    [
        EdgeMeter.Instance.CreateObservableGauge(
            "dsedge.device.cpu.utilization", () => Health<double>(h => h.CpuUsagePercent is { } p ? [new(p / 100)] : []), "1",
            "Share of CPU time busy (all cores) since the previous sample, 0 to 1"),
        EdgeMeter.Instance.CreateObservableGauge(
            "dsedge.device.gpu.utilization", () => Health<double>(h => h.GpuLoadPercent is { } p ? [new(p / 100)] : []), "1",
            "Jetson GPU load, 0 to 1 (absent elsewhere)"),
        EdgeMeter.Instance.CreateObservableGauge(
            "dsedge.device.temperature", () => Health(h => (h.Temperatures ?? []).Select(t => new Measurement<double>(t.Celsius, Tag("zone", t.Type)))), "Cel",
            "Thermal zone temperatures (sys/class/thermal), by zone type"),
        EdgeMeter.Instance.CreateObservableGauge(
            "dsedge.device.power", () => Health(h => (h.PowerRails ?? []).Select(r => new Measurement<double>(r.PowerMilliwatts / 1000, Tag("rail", r.Rail)))), "W",
            "Jetson INA3221 power rails, by rail (absent elsewhere)"),
    ];

    private static readonly ObservableGauge<long>[] DeviceBytes =
    [
        EdgeMeter.Instance.CreateObservableGauge(
            "dsedge.device.memory", () => Health(h => Values(("total", h.MemoryTotalBytes), ("available", h.MemoryAvailableBytes))), "By",
            "Device memory, by kind (total, available)"),
        EdgeMeter.Instance.CreateObservableGauge(
            "dsedge.device.disk", () => Health(h => Values(("total", h.DiskTotalBytes), ("free", h.DiskFreeBytes))), "By",
            "The data directory's file system, by kind (total, free)"),
    ];

    /// <summary>Adds an agent's sources until the returned handle is disposed.</summary>
    public static IDisposable Track(Func<IEnumerable<ActiveModel>> models, Func<IEnumerable<CameraUpdateState>> updates, Func<DeviceHealth> health)
    {
        var source = new Source(models, updates, health);
        Sources.TryAdd(source, 0);
        return source;
    }

    // A source that cannot answer (an agent that failed to start, one stopping) gives nothing; the others still count.
    private static List<Measurement<T>> Each<T>(Func<Source, IEnumerable<Measurement<T>>> read) where T : struct =>
        Sources.Keys.SelectMany(s => Safely(() => read(s).ToList()) ?? []).ToList();

    // One device, whatever the number of agents in the process: the first source that has the figure.
    private static List<Measurement<T>> Health<T>(Func<DeviceHealth, IEnumerable<Measurement<T>>> read) where T : struct =>
        Sources.Keys.Select(s => Safely(() => read(s.Health()).ToList())).FirstOrDefault(m => m is { Count: > 0 }) ?? [];

    private static T? Safely<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            return default;
        }
    }

    private static IEnumerable<Measurement<long>> Values(params (string Kind, long? Bytes)[] values) =>
        values.Where(v => v.Bytes is not null).Select(v => new Measurement<long>(v.Bytes!.Value, Tag("kind", v.Kind)));

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);

    private sealed class Source(Func<IEnumerable<ActiveModel>> models, Func<IEnumerable<CameraUpdateState>> updates, Func<DeviceHealth> health) : IDisposable
    {
        public IEnumerable<ActiveModel> Models() => models();
        public IEnumerable<CameraUpdateState> Updates() => updates();
        public DeviceHealth Health() => health();
        public void Dispose() => Sources.TryRemove(this, out _);
    }
}
