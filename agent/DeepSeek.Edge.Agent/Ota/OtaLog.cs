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
}
