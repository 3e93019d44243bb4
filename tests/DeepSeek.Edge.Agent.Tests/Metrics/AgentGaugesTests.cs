using System.Diagnostics.Metrics;
using DeepSeek.Edge.Agent.Metrics;

namespace DeepSeek.Edge.Agent.Tests.Metrics;

/// <summary>The gauges read every agent in the process at each scrape; one that cannot answer must not blank the others.</summary>
public sealed class AgentGaugesTests
{
    [Fact]
    public void ModelInfo_AnAgentThatCannotAnswer_DoesNotHideTheOthers()
    {
        using var stopped = AgentGauges.Track(() => throw new ObjectDisposedException("IServiceProvider"), () => [], () => throw new ObjectDisposedException("IServiceProvider"));
        using var running = AgentGauges.Track(() => [new ActiveModel("gauge-test-cam", "blazeface-back", "1.0.0", "fp32", "cpu", [("cpu", 118)])], () => [], () => throw new InvalidOperationException("stopping"));
        var cameras = new List<string?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) => { if (instrument.Name == "dsedge.model.info") l.EnableMeasurementEvents(instrument); },
        };
        listener.SetMeasurementEventCallback<int>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "camera") lock (cameras) cameras.Add(tag.Value as string);
            }
        });
        listener.Start();

        listener.RecordObservableInstruments();

        lock (cameras) Assert.Contains("gauge-test-cam", cameras);
    }

    [Fact]
    public void ModelNodes_GivesEachProvidersNodeCountPerCamera()
    {
        using var running = AgentGauges.Track(() => [new ActiveModel("nodes-test-cam", "faces", "2.0.0", "int8", "tensorrt", [("tensorrt", 1), ("cpu", 3)])], () => [], () => throw new InvalidOperationException("stopping"));
        var seen = new List<(string? Provider, int Nodes)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) => { if (instrument.Name == "dsedge.model.nodes") l.EnableMeasurementEvents(instrument); },
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            string? camera = null, provider = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "camera") camera = tag.Value as string;
                if (tag.Key == "provider") provider = tag.Value as string;
            }

            if (camera == "nodes-test-cam") lock (seen) seen.Add((provider, value));
        });
        listener.Start();

        listener.RecordObservableInstruments();

        lock (seen) Assert.Equal([("tensorrt", 1), ("cpu", 3)], seen);
    }
}
