using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Ota;

internal static partial class OtaLog
{
    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Over-the-air model updates are disabled: no Ota:TrustedKeys configured")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "Camera {Camera}: model update to {Model}: {State} {Detail}")]
    public static partial void StateChanged(ILogger logger, string camera, string model, string state, string? detail);

    [LoggerMessage(EventId = 902, Level = LogLevel.Warning, Message = "Ignoring desired state on {Topic}: {Reason}")]
    public static partial void BadDesiredState(ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = 903, Level = LogLevel.Warning, Message = "Camera {Camera}: model update to {Model} failed: {Reason}")]
    public static partial void Failed(ILogger logger, string camera, string model, string reason);

    [LoggerMessage(EventId = 904, Level = LogLevel.Warning, Message = "Ignoring chunk {Index} of {Model}: {Reason}")]
    public static partial void BadChunk(ILogger logger, int index, string model, string reason);

    [LoggerMessage(EventId = 905, Level = LogLevel.Warning, Message = "Camera {Camera}: model update to {Model} failed ({Reason}); attempt {Attempt} again in {DelaySeconds:0} s")]
    public static partial void WillRetry(ILogger logger, string camera, string model, string reason, double delaySeconds, int attempt);

    [LoggerMessage(EventId = 906, Level = LogLevel.Information, Message = "Desired state on {Topic}, version {Version}: updates that failed before are tried again")]
    public static partial void NewDesiredState(ILogger logger, string topic, string version);

    [LoggerMessage(EventId = 907, Level = LogLevel.Information, Message = "Camera {Camera}: {Model} runs; health window of {Seconds:0.#} s against the previous model's {Baseline}")]
    public static partial void HealthWindowStarted(ILogger logger, string camera, string model, double seconds, string baseline);

    [LoggerMessage(EventId = 908, Level = LogLevel.Information, Message = "Camera {Camera}: {Model} passed its health window ({Rates}); committed")]
    public static partial void HealthWindowPassed(ILogger logger, string camera, string model, string rates);

    [LoggerMessage(EventId = 909, Level = LogLevel.Warning, Message = "Camera {Camera}: {Model} failed its health window ({Reason}); swapped back to {Previous} (succeeded: {SwappedBack})")]
    public static partial void RolledBack(ILogger logger, string camera, string model, string previous, string reason, bool swappedBack);

    [LoggerMessage(EventId = 910, Level = LogLevel.Warning, Message = "Model store recovery removed {Leftover}, left by an interrupted operation")]
    public static partial void RecoveredLeftover(ILogger logger, string leftover);

    [LoggerMessage(EventId = 911, Level = LogLevel.Error, Message = "Model store recovery: camera {Camera} pointed at {From}, which failed its check ({Reason}); it now runs {To}")]
    public static partial void RecoveredFallback(ILogger logger, string camera, string? from, string to, string reason);

    [LoggerMessage(EventId = 912, Level = LogLevel.Error, Message = "Camera {Camera}: the store's active model {Model} cannot be opened ({Reason}); the camera starts on its configured model")]
    public static partial void ActiveUnusable(ILogger logger, string camera, string model, string reason);

    [LoggerMessage(EventId = 913, Level = LogLevel.Information, Message = "Downloading {Model}: {StoredChunks} of {Chunks} chunks already stored ({StoredBytes} of {TotalBytes} bytes), fetching the rest")]
    public static partial void DownloadStarting(ILogger logger, string model, int storedChunks, int chunks, long storedBytes, long totalBytes);

    [LoggerMessage(EventId = 914, Level = LogLevel.Information, Message = "Camera {Camera}: the download of {Model} stops: the desired state no longer names it (what it stored is kept)")]
    public static partial void Superseded(ILogger logger, string camera, string model);

    [LoggerMessage(EventId = 915, Level = LogLevel.Information, Message = "Model store cleanup removed {Versions} unused versions, {Quarantine} quarantine entries and {Downloads} downloads (bounds Ota:MaxQuarantineBytes, Ota:QuarantineRetention, Ota:MaxDownloadBytes, Ota:DownloadRetention)")]
    public static partial void GarbageCollected(ILogger logger, int versions, int quarantine, int downloads);

    [LoggerMessage(EventId = 916, Level = LogLevel.Warning, Message = "Model store cleanup failed ({Reason}); it runs again after the next update attempt")]
    public static partial void GarbageCollectionFailed(ILogger logger, string reason);
}
