using DeepSeek.Edge.Agent.Events;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Agent.Outbox;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Protocol.Topics;
using DeepSeek.Edge.Vision.Annotation;
using OpenCvSharp;

namespace DeepSeek.Edge.Agent.Cameras;

/// <summary>Turns a camera's detections into rate-limited, de-duplicated events on the outbox (priority: event).</summary>
internal sealed class EventSink : IResultSink
{
    private readonly DetectionEventFilter _filter;
    private readonly Configuration.EventOptions _options;
    private readonly Outbox.Outbox _outbox;
    private readonly MqttTopics _topics;

    public EventSink(Configuration.EventOptions options, Outbox.Outbox outbox, MqttTopics topics)
    {
        _options = options;
        _filter = new DetectionEventFilter(options);
        _outbox = outbox;
        _topics = topics;
    }

    public ValueTask WriteAsync(PipelineResult result, Mat frame, CancellationToken cancellationToken)
    {
        var events = _filter.Filter(result.Output.Detections, result.Timestamp);
        if (events.Count == 0) return ValueTask.CompletedTask;
        string? snapshot = null;
        if (_options.Snapshot)
        {
            using var annotated = frame.Clone();
            FrameAnnotator.Draw(annotated, result.Output);
            snapshot = Convert.ToBase64String(FrameAnnotator.EncodeJpeg(annotated, 75));
        }

        foreach (var e in events)
            _outbox.Enqueue(_topics.Events, OutboxPriority.Event, seq => Payload(seq, result, e, snapshot));
        return ValueTask.CompletedTask;
    }

    private byte[] Payload(long seq, PipelineResult result, DetectionEvent e, string? snapshot)
    {
        var d = e.Detection;
        return ProtocolJson.Write(new EventDocument(
            _topics.DeviceId, _outbox.Epoch, seq, result.Timestamp, result.Camera, result.FrameId, ResultJson.Model(result),
            d.Label, ResultJson.Score(d), ResultJson.Box(d), ResultJson.FrameSize(result), e.Appeared) { SnapshotJpegBase64 = snapshot });
    }
}
