using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>Log events of the outbox and its forwarder (event ids 450-499).</summary>
internal static partial class OutboxLog
{
    [LoggerMessage(EventId = 450, Level = LogLevel.Information, Message = "Outbox {Directory} opened: {Records} undelivered records ({Bytes} bytes), {Torn} torn records discarded, next sequence {Next}")]
    public static partial void Opened(ILogger logger, string directory, int records, long bytes, int torn, long next);

    [LoggerMessage(EventId = 451, Level = LogLevel.Warning, Message = "Outbox segment {Segment}: torn or corrupt record at offset {Offset}; {Bytes} bytes cut off (a write interrupted by a crash)")]
    public static partial void TornRecord(ILogger logger, string segment, long offset, long bytes);

    [LoggerMessage(EventId = 452, Level = LogLevel.Warning, Message = "Outbox full ({MaxBytes} bytes): dropping the oldest messages of the lowest priority")]
    public static partial void Full(ILogger logger, long maxBytes);

    [LoggerMessage(EventId = 453, Level = LogLevel.Information, Message = "Outbox has room again; dropped meanwhile: {Telemetry} telemetry, {Events} event, {Alerts} alert messages")]
    public static partial void RoomAgain(ILogger logger, long telemetry, long events, long alerts);

    [LoggerMessage(EventId = 454, Level = LogLevel.Debug, Message = "Outbox dropped {Priority} message {Sequence} ({Reason})")]
    public static partial void Dropped(ILogger logger, OutboxPriority priority, long sequence, string reason);

    [LoggerMessage(EventId = 455, Level = LogLevel.Warning, Message = "Outbox discarded {Priority} message {Sequence} on {Topic}: {Reason}")]
    public static partial void Discarded(ILogger logger, OutboxPriority priority, long sequence, string topic, string reason);

    [LoggerMessage(EventId = 456, Level = LogLevel.Error, Message = "Outbox could not force segments to disk")]
    public static partial void FsyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 457, Level = LogLevel.Debug, Message = "Outbox forwarder: {InFlight} publishes in flight given up ({Outcome}); they are sent again from the oldest")]
    public static partial void WindowInterrupted(ILogger logger, int inFlight, string outcome);

    [LoggerMessage(EventId = 458, Level = LogLevel.Error, Message = "Outbox forwarder loop failed; it goes on after a pause")]
    public static partial void ForwarderFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 459, Level = LogLevel.Error, Message = "Outbox message {Sequence} on {Topic} cannot be sent")]
    public static partial void Unsendable(ILogger logger, long sequence, string topic, Exception exception);
}
