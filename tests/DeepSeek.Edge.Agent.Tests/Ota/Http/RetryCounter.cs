using System.Diagnostics.Metrics;
using DeepSeek.Edge.Inference.Telemetry;

namespace DeepSeek.Edge.Agent.Tests.Ota.Http;

/// <summary>Collects the <c>reason</c> tags recorded on <c>dsedge.ota.http.retries</c> while it lives.</summary>
internal sealed class RetryCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<string> _reasons = [];

    public RetryCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == EdgeMeter.Instance && instrument.Name == "dsedge.ota.http.retries") listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    lock (_reasons) _reasons.Add((string)tag.Value!);
                }
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<string> Reasons
    {
        get
        {
            lock (_reasons) return _reasons.ToArray();
        }
    }

    public void Dispose() => _listener.Dispose();
}
