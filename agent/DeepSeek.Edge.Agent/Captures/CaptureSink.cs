using DeepSeek.Edge.Agent.Cameras;
using DeepSeek.Edge.Agent.Configuration;
using DeepSeek.Edge.Agent.Outbox;
using DeepSeek.Edge.Models.Results;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Protocol.Topics;
using Microsoft.Extensions.Logging;
using Mat = OpenCvSharp.Mat;

namespace DeepSeek.Edge.Agent.Captures;

/// <summary>
/// Sends a camera's uncertain frames back for retraining: a frame with a detection in the uncertainty band (of a label of
/// interest), once the minimum interval passed and within the caps, goes to the outbox as a capture (schema
/// <c>deepseek-edge/capture/v1</c> on the captures topic, priority capture): the source frame as JPEG, kept under the message
/// limit, with every detection of the frame. Frames asked for by the <c>capture</c> command are taken whatever the band and
/// caps say. Every capture is counted (taken, queued) and every one given up is counted and logged with the reason.
/// </summary>
internal sealed partial class CaptureSink : IResultSink
{
    /// <summary>Room left in a message for everything but the image's base64 (fields, and per detection below).</summary>
    private const int FixedOverheadBytes = 1024;
    private const int PerDetectionBytes = 96;

    private readonly string _camera;
    private readonly CaptureOptions _options;
    private readonly Outbox.Outbox _outbox;
    private readonly MqttTopics _topics;
    private readonly Func<long> _brokerMaxPacket;
    private readonly Func<ModelIdentity, string> _precision;
    private readonly CaptureCounters _counters;
    private readonly CaptureAllowance _allowance;
    private readonly ILogger _logger;
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _requested = new();

    public CaptureSink(
        string camera, CaptureOptions options, Outbox.Outbox outbox, MqttTopics topics, Func<long> brokerMaxPacket, Func<ModelIdentity, string> precision,
        CaptureCounters counters, ILogger logger, TimeProvider time)
    {
        _camera = camera;
        _options = options;
        _outbox = outbox;
        _topics = topics;
        _brokerMaxPacket = brokerMaxPacket;
        _precision = precision;
        _counters = counters;
        _logger = logger;
        _allowance = new CaptureAllowance(options, time);
    }

    /// <summary>
    /// Asks for the next <paramref name="frames"/> results to be captured, for <paramref name="reason"/> (the <c>capture</c>
    /// command, a GPIO input); returns how many now wait.
    /// </summary>
    public int Request(int frames, string reason = CaptureDocument.CommandReason)
    {
        for (var i = 0; i < frames; i++) _requested.Enqueue(reason);
        return _requested.Count;
    }

    public ValueTask WriteAsync(PipelineResult result, Mat frame, CancellationToken cancellationToken)
    {
        if (_requested.TryDequeue(out var requested))
            Capture(result, frame, requested);
        else if (_options.Enabled && _allowance.IntervalPassed() && InBand(result.Output.Detections))
            Capture(result, frame, CaptureDocument.BandReason);
        return ValueTask.CompletedTask;
    }

    /// <summary>True when a detection of a label of interest has a score in [BandMin, BandMax]. Allocates nothing.</summary>
    public static bool InBand(IReadOnlyList<Detection> detections, CaptureOptions options)
    {
        ArgumentNullException.ThrowIfNull(detections);
        ArgumentNullException.ThrowIfNull(options);
        for (var i = 0; i < detections.Count; i++)
        {
            var d = detections[i];
            if (d.Score >= options.BandMin && d.Score <= options.BandMax && (options.Labels.Count == 0 || options.Labels.Contains(d.Label))) return true;
        }

        return false;
    }

    private bool InBand(IReadOnlyList<Detection> detections) => InBand(detections, _options);

    private void Capture(PipelineResult result, Mat frame, string reason)
    {
        var isBand = reason == CaptureDocument.BandReason;
        if (isBand) _allowance.Considered();
        var limit = MessageLimit();
        var jpegLimit = (limit - FixedOverheadBytes - (long)PerDetectionBytes * result.Output.Detections.Count) * 3 / 4;
        var encoded = jpegLimit > 0 ? CaptureEncoder.Encode(frame, _options.MaxSide, _options.JpegQuality, jpegLimit) : null;
        if (encoded is null)
        {
            Drop("too_large", $"the frame does not fit a {limit}-byte message even at {CaptureEncoder.LowestQuality}% quality and reduced size");
            return;
        }

        if (isBand && _allowance.Refusal(encoded.Jpeg.Length) is { } cap)
        {
            Drop(cap, cap switch
            {
                "hour_cap" => $"{_options.MaxPerHour} captures in the last hour (Capture:MaxPerHour)",
                "day_cap" => $"{_options.MaxPerDay} captures in the last 24 hours (Capture:MaxPerDay)",
                _ => $"{_options.MaxBytesPerDay} bytes of captures in the last 24 hours (Capture:MaxBytesPerDay)",
            });
            return;
        }

        if (isBand) _allowance.Taken(encoded.Jpeg.Length);
        _counters.CountTaken(_camera, reason);
        var detections = new DetectionItem[result.Output.Detections.Count];
        for (var i = 0; i < detections.Length; i++)
        {
            var d = result.Output.Detections[i];
            detections[i] = new DetectionItem(d.Label, ResultJson.Score(d), ResultJson.Box(d));
        }

        var model = new CaptureModel(result.Model.Name, result.Model.Version, _precision(result.Model), result.Model.Provider);
        var base64 = Convert.ToBase64String(encoded.Jpeg);
        _outbox.Enqueue(_topics.Captures, OutboxPriority.Capture, seq => ProtocolJson.Write(new CaptureDocument(
            _topics.DeviceId, _outbox.Epoch, seq, result.Timestamp, result.Camera, result.FrameId, reason, model, detections,
            ResultJson.FrameSize(result), [encoded.Width, encoded.Height], encoded.Quality, base64)));
        _counters.CountQueued(_camera);
        LogQueued(_logger, _camera, result.FrameId, reason, encoded.Jpeg.Length, encoded.Width, encoded.Height, encoded.Quality);
    }

    /// <summary><see cref="CaptureOptions.MaxMessageBytes"/>, or less when the broker announced a smaller maximum packet.</summary>
    private long MessageLimit()
    {
        var broker = _brokerMaxPacket();
        var packetRoom = broker > 0 ? broker - _topics.Captures.Length - 256 : long.MaxValue;
        return Math.Min(_options.MaxMessageBytes, packetRoom);
    }

    private void Drop(string reason, string detail)
    {
        _counters.CountDropped(_camera, reason);
        if (_reported.Add(reason)) LogDropped(_logger, _camera, reason, detail);
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Camera {Camera}: frame {Frame} captured ({Reason}): {Bytes} bytes of JPEG, {Width}x{Height} at quality {Quality}")]
    private static partial void LogQueued(ILogger logger, string camera, long frame, string reason, int bytes, int width, int height, int quality);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Camera {Camera}: a capture was dropped ({Reason}): {Detail}. Further drops for this reason are counted in dsedge.captures.dropped{{reason}} and telemetry, not logged")]
    private static partial void LogDropped(ILogger logger, string camera, string reason, string detail);
}
