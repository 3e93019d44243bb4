using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Pipelines.Telemetry;

/// <summary>Log events of camera pipelines and model hosts (event ids 300-399).</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Camera {Camera} started: source {Source}, model host {Host}, {Backpressure} when inference falls behind")]
    public static partial void CameraStarted(ILogger logger, string camera, string source, string host, string backpressure);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Camera {Camera}: opened {Source} ({Backend}, {Width}x{Height}, {Fps:0.##} fps)")]
    public static partial void SourceOpened(ILogger logger, string camera, string source, string backend, int width, int height, double fps);

    [LoggerMessage(EventId = 302, Message = "Camera {Camera}: source {From} -> {To}{Detail}")]
    public static partial void SourceStateChanged(ILogger logger, LogLevel level, string camera, string from, string to, string detail);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Camera {Camera}: reopen attempt {Attempt} in {DelayMs:0} ms after: {Reason}")]
    public static partial void ReopenScheduled(ILogger logger, string camera, int attempt, double delayMs, string reason);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Camera {Camera}: no frame for {Seconds:0.0} s (stall timeout); reopening the source")]
    public static partial void SourceStalled(ILogger logger, string camera, double seconds);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Camera {Camera}: {Reason}")]
    public static partial void SourceReadFailed(ILogger logger, string camera, string reason);

    [LoggerMessage(EventId = 306, Level = LogLevel.Error, Message = "Camera {Camera}: source failed and will not be reopened: {Reason}")]
    public static partial void SourceFailed(ILogger logger, string camera, string reason);

    [LoggerMessage(EventId = 307, Level = LogLevel.Information, Message = "Camera {Camera}: end of {Source} after {Frames} frame(s)")]
    public static partial void SourceEnded(ILogger logger, string camera, string source, long frames);

    [LoggerMessage(EventId = 308, Level = LogLevel.Warning, Message = "Camera {Camera}: skipped {Item}, which cannot be read ({Count} unreadable so far): {Reason}")]
    public static partial void FrameUnreadable(ILogger logger, string camera, string item, long count, string reason);

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Camera {Camera}: {Count} frame(s) dropped ({Reason}) over {Seconds:0.0} s")]
    public static partial void FramesDropped(ILogger logger, string camera, long count, string reason, double seconds);

    [LoggerMessage(EventId = 311, Level = LogLevel.Error, Message = "Camera {Camera}: frame {FrameId} failed in {Stage} with model {Model}; dropped")]
    public static partial void FrameFailed(ILogger logger, Exception exception, string camera, long frameId, string stage, string model);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Camera {Camera}: sink {Sink} failed on frame {FrameId} ({Errors} error(s) so far)")]
    public static partial void SinkFailed(ILogger logger, Exception exception, string camera, string sink, long frameId, long errors);

    [LoggerMessage(EventId = 313, Level = LogLevel.Information, Message = "Camera {Camera} finished: {Captured} captured, {Processed} processed, {Delivered} delivered, {Dropped} dropped, {Skipped} skipped, {Unreadable} unreadable")]
    public static partial void CameraFinished(ILogger logger, string camera, long captured, long processed, long delivered, long dropped, long skipped, long unreadable);

    [LoggerMessage(EventId = 314, Level = LogLevel.Warning, Message = "Camera {Camera}: the capture thread is still blocked in the source after {Seconds:0.0} s; it is left to finish on its own")]
    public static partial void CaptureThreadStuck(ILogger logger, string camera, double seconds);

    [LoggerMessage(EventId = 315, Level = LogLevel.Warning, Message = "Camera {Camera}: results still queued for sinks after {Seconds:0.0} s; sinks cancelled")]
    public static partial void SinksStuck(ILogger logger, string camera, double seconds);

    [LoggerMessage(EventId = 316, Level = LogLevel.Error, Message = "Camera {Camera}: the output stage stopped on an unexpected error; results are no longer delivered")]
    public static partial void OutputFailed(ILogger logger, Exception exception, string camera);

    [LoggerMessage(EventId = 317, Level = LogLevel.Warning, Message = "Camera {Camera}: a HealthChanged handler threw; the camera carries on")]
    public static partial void HealthHandlerFailed(ILogger logger, Exception exception, string camera);

    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "Model host {Host}: swap {From} -> {To} requested; loading off the hot path")]
    public static partial void SwapRequested(ILogger logger, string host, string from, string to);

    [LoggerMessage(EventId = 321, Level = LogLevel.Information, Message = "Model host {Host}: {To} loaded on {Provider} in {LoadMs:0} ms, validated on {Frame} in {ValidateMs:0} ms")]
    public static partial void SwapValidated(ILogger logger, string host, string to, string provider, double loadMs, string frame, double validateMs);

    [LoggerMessage(EventId = 322, Level = LogLevel.Information, Message = "Model host {Host}: switched {From} -> {To} between frames; {From} disposed")]
    public static partial void SwapApplied(ILogger logger, string host, string from, string to);

    [LoggerMessage(EventId = 323, Level = LogLevel.Error, Message = "Model host {Host}: swap {From} -> {To} failed at {Stage}; {From} keeps running: {Reason}")]
    public static partial void SwapFailed(ILogger logger, string host, string from, string to, string stage, string reason);

    [LoggerMessage(EventId = 330, Level = LogLevel.Information, Message = "Model host {Host} serving {Model} on {Provider}")]
    public static partial void HostStarted(ILogger logger, string host, string model, string provider);

    [LoggerMessage(EventId = 331, Level = LogLevel.Information, Message = "Model host {Host} stopped; {Model} disposed")]
    public static partial void HostStopped(ILogger logger, string host, string model);
}
