using System.Collections.Concurrent;
using DeepSeek.Edge.Agent.Gpio;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Agent.Outbox;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Protocol.Topics;
using DeepSeek.Edge.Vision.Annotation;
using Microsoft.Extensions.Logging;
using OpenCvSharp;

namespace DeepSeek.Edge.Agent.Cameras;

/// <summary>
/// Answers a camera's GPIO triggers: each trigger waits for the first result of a frame captured after its edge and is
/// published as one trigger event (schema <c>deepseek-edge/trigger/v1</c> on the events topic, priority event) with every
/// detection of that frame and its annotated snapshot. At most <see cref="MaxPending"/> wait; a trigger that finds no frame
/// within <see cref="MaxWait"/> is given up. Both are counted (<c>dsedge.gpio.triggers.unanswered{reason}</c>) and logged.
/// </summary>
internal sealed class TriggerSink : IResultSink
{
    public const int MaxPending = 16;
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);
    private readonly ConcurrentQueue<PendingTrigger> _pending = new();
    private readonly string _camera;
    private readonly Outbox.Outbox _outbox;
    private readonly MqttTopics _topics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public TriggerSink(string camera, Outbox.Outbox outbox, MqttTopics topics, ILogger logger, TimeProvider time)
    {
        _camera = camera;
        _outbox = outbox;
        _topics = topics;
        _logger = logger;
        _time = time;
    }

    /// <summary>Queues a trigger to be answered by the first frame numbered <paramref name="firstFrame"/> or later.</summary>
    public bool Add(GpioTriggerEventArgs trigger, long firstFrame)
    {
        Expire();
        if (_pending.Count >= MaxPending)
        {
            GpioLog.TriggerUnanswered(_logger, trigger.Pin, _camera, $"{MaxPending} triggers already wait for a frame");
            GpioMetrics.Unanswered.Add(1, new KeyValuePair<string, object?>("camera", _camera), new KeyValuePair<string, object?>("reason", "too_many"));
            return false;
        }

        _pending.Enqueue(new PendingTrigger(trigger, firstFrame, _time.GetTimestamp()));
        return true;
    }

    public ValueTask WriteAsync(PipelineResult result, Mat frame, CancellationToken cancellationToken)
    {
        Expire();
        string? snapshot = null;
        while (_pending.TryPeek(out var waiting) && result.FrameId >= waiting.FirstFrame && _pending.TryDequeue(out var trigger))
        {
            snapshot ??= Snapshot(result, frame);
            var payload = snapshot;
            _outbox.Enqueue(_topics.Events, OutboxPriority.Event, seq => Payload(seq, result, trigger.Trigger, payload));
        }

        return ValueTask.CompletedTask;
    }

    private void Expire()
    {
        while (_pending.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.Queued) > MaxWait && _pending.TryDequeue(out var expired))
        {
            GpioLog.TriggerUnanswered(_logger, expired.Trigger.Pin, _camera, $"no frame was inferred within {MaxWait.TotalSeconds:0} s (is the camera streaming?)");
            GpioMetrics.Unanswered.Add(1, new KeyValuePair<string, object?>("camera", _camera), new KeyValuePair<string, object?>("reason", "no_frame"));
        }
    }

    private static string Snapshot(PipelineResult result, Mat frame)
    {
        using var annotated = frame.Clone();
        FrameAnnotator.Draw(annotated, result.Output);
        return Convert.ToBase64String(FrameAnnotator.EncodeJpeg(annotated, 75));
    }

    private byte[] Payload(long seq, PipelineResult result, GpioTriggerEventArgs trigger, string snapshot)
    {
        var detections = result.Output.Detections.Select(d => new DetectionItem(d.Label, ResultJson.Score(d), ResultJson.Box(d))).ToArray();
        return ProtocolJson.Write(new TriggerDocument(
            _topics.DeviceId, _outbox.Epoch, seq, result.Timestamp, result.Camera, result.FrameId, new TriggerEdge(trigger.Pin, trigger.Timestamp),
            ResultJson.Model(result), detections, ResultJson.FrameSize(result), snapshot));
    }

    private readonly record struct PendingTrigger(GpioTriggerEventArgs Trigger, long FirstFrame, long Queued);
}
