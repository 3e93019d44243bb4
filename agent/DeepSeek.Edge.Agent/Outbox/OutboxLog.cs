using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>Log events of the outbox and its forwarder (event ids 450-499).</summary>
internal static partial class OutboxLog
{
    [LoggerMessage(EventId = 450, Level = LogLevel.Information, Message = "Outbox {Directory} opened: {Records} undelivered records ({Bytes} bytes), {Torn} torn and {Corrupt} corrupt records discarded, next sequence {Next}, epoch {Epoch}")]
    public static partial void Opened(ILogger logger, string directory, int records, long bytes, int torn, int corrupt, long next, string epoch);

    [LoggerMessage(EventId = 451, Level = LogLevel.Warning, Message = "Outbox segment {Segment}: {Bytes} damaged bytes at offset {Offset} skipped ({Reason}); {Lost} undelivered records lost; the bytes are kept in {Copy}")]
    public static partial void DamagedRecords(ILogger logger, string segment, long offset, long bytes, int lost, string reason, string copy);

    [LoggerMessage(EventId = 452, Level = LogLevel.Warning, Message = "Outbox full ({MaxBytes} bytes): dropping the oldest messages of the lowest priority")]
    public static partial void Full(ILogger logger, long maxBytes);

    [LoggerMessage(EventId = 453, Level = LogLevel.Information, Message = "Outbox has room again; dropped meanwhile: {Captures} capture, {Telemetry} telemetry, {Events} event, {Alerts} alert messages")]
    public static partial void RoomAgain(ILogger logger, long captures, long telemetry, long events, long alerts);

    [LoggerMessage(EventId = 454, Level = LogLevel.Debug, Message = "Outbox dropped {Priority} message {Sequence} ({Reason})")]
    public static partial void Dropped(ILogger logger, OutboxPriority priority, long sequence, string reason);

    [LoggerMessage(EventId = 455, Level = LogLevel.Warning, Message = "Outbox discarded {Priority} message {Sequence} on {Topic}: {Reason}")]
    public static partial void Discarded(ILogger logger, OutboxPriority priority, long sequence, string topic, string reason);

    [LoggerMessage(EventId = 456, Level = LogLevel.Error, Message = "Outbox could not force segments to disk")]
    public static partial void FsyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 457, Level = LogLevel.Debug, Message = "Outbox forwarder: {InFlight} publishes in flight given up ({Outcome}); they are sent again from the oldest")]
    public static partial void WindowInterrupted(ILogger logger, int inFlight, string outcome);


    [LoggerMessage(EventId = 460, Level = LogLevel.Warning, Message = "Outbox cannot store {Priority} messages: {Reason}")]
    public static partial void CannotStore(ILogger logger, OutboxPriority priority, string reason);

    [LoggerMessage(EventId = 461, Level = LogLevel.Information, Message = "Outbox stores every priority again; not stored meanwhile: {Captures} capture, {Telemetry} telemetry, {Events} event, {Alerts} alert messages")]
    public static partial void StoresAgain(ILogger logger, long captures, long telemetry, long events, long alerts);

    [LoggerMessage(EventId = 462, Level = LogLevel.Debug, Message = "Outbox did not store {Priority} message {Sequence} ({Reason})")]
    public static partial void NotStored(ILogger logger, OutboxPriority priority, long sequence, string reason);

    [LoggerMessage(EventId = 463, Level = LogLevel.Warning, Message = "Outbox could not keep damaged bytes in {Path}")]
    public static partial void SetAsideFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 464, Level = LogLevel.Warning, Message = "Outbox could not save the head checkpoint of {Priority}; delivered records may be sent again after a restart")]
    public static partial void CheckpointFailed(ILogger logger, OutboxPriority priority, Exception exception);

    [LoggerMessage(EventId = 465, Level = LogLevel.Warning, Message = "Outbox could not read {Priority} message {Sequence} (attempt {Attempt} of {Attempts})")]
    public static partial void ReadFailed(ILogger logger, OutboxPriority priority, long sequence, int attempt, int attempts, Exception exception);

    [LoggerMessage(EventId = 466, Level = LogLevel.Warning, Message = "Broker refused message {Sequence} on {Topic} ({Reason}); it is kept and sent again in {Delay}")]
    public static partial void Refused(ILogger logger, long sequence, string topic, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 459, Level = LogLevel.Error, Message = "Outbox message {Sequence} on {Topic} cannot be sent")]
    public static partial void Unsendable(ILogger logger, long sequence, string topic, Exception exception);
}
