using System.Diagnostics.Metrics;
using DeepSeek.Edge.Inference.Telemetry;

namespace DeepSeek.Edge.Agent.Tests.Outbox;

/// <summary>Sums what one instrument of the agent's meter records (optionally only measurements with a tag value), from construction on.</summary>
internal sealed class InstrumentSum : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _sum;

    public InstrumentSum(string instrument, string? tag = null, string? value = null)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == EdgeMeter.Name && i.Name == instrument) l.EnableMeasurementEvents(i);
        };
        _listener.SetMeasurementEventCallback<long>((_, v, tags, _) =>
        {
            if (tag is not null)
            {
                var match = false;
                foreach (var t in tags) match |= t.Key == tag && Equals(t.Value as string, value);
                if (!match) return;
            }

            Interlocked.Add(ref _sum, v);
        });
        _listener.Start();
    }

    public long Sum => Interlocked.Read(ref _sum);

    public void Dispose() => _listener.Dispose();
}
