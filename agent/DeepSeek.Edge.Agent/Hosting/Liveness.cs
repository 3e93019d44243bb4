using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DeepSeek.Edge.Inference.Telemetry;

namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>
/// The critical loops the systemd watchdog vouches for: each camera's capture thread and model host worker, the outbox
/// forwarder, the MQTT supervisor, the over-the-air updater and telemetry. Each loop feeds its <see cref="LoopPulse"/>; a loop
/// that stopped beating for longer than it may is stalled, and while any is, the watchdog ping is withheld.
/// </summary>
public sealed class Liveness
{
    private static readonly ConcurrentDictionary<Liveness, byte> Instances = new();

    private static readonly ObservableGauge<int> StalledGauge = EdgeMeter.Instance.CreateObservableGauge(
        "dsedge.loop.stalled",
        () => Instances.Keys.SelectMany(l => l._pulses.Keys).Where(p => !p.Ended)
            .Select(p => new Measurement<int>(p.Stalled() is null ? 0 : 1, new KeyValuePair<string, object?>("loop", p.Name))),
        null, "1 while a critical loop makes no progress (the systemd watchdog ping is withheld), by loop");

    private readonly ConcurrentDictionary<LoopPulse, byte> _pulses = new();
    private readonly TimeProvider _time;

    public Liveness(TimeProvider time)
    {
        _time = time;
        Instances.TryAdd(this, 0);
    }

    /// <summary>A new pulse for a loop of the agent's own, already watched.</summary>
    public LoopPulse Register(string name, TimeSpan stallAfter)
    {
        var pulse = new LoopPulse(name, stallAfter, _time);
        Watch(pulse);
        return pulse;
    }

    public void Watch(LoopPulse pulse) => _pulses.TryAdd(pulse, 0);

    /// <summary>No longer watched (a camera stopped or disabled).</summary>
    public void Forget(LoopPulse pulse) => _pulses.TryRemove(pulse, out _);

    /// <summary>The loops stalled now, with how long each has gone without a beat, by name.</summary>
    public IReadOnlyList<StalledLoop> Stalled() =>
        _pulses.Keys.Select(p => p.Stalled() is { } silent ? new StalledLoop(p.Name, silent, p.StallAfter) : null)
            .OfType<StalledLoop>().OrderBy(s => s.Loop, StringComparer.Ordinal).ToArray();
}

/// <summary>A loop that made no step for <see cref="Silent"/>, longer than the <see cref="Allowed"/> it may.</summary>
public sealed record StalledLoop(string Loop, TimeSpan Silent, TimeSpan Allowed)
{
    /// <summary>The reason as health shows it: stable while the stall lasts (the log has the seconds).</summary>
    public override string ToString() => $"loop \"{Loop}\" stalled: no progress for more than {Allowed.TotalSeconds:0} s";
}
