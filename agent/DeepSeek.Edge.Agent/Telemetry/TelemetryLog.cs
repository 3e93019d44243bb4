using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Telemetry;

/// <summary>Log events of the telemetry publisher (event ids 880-889).</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 880, Level = LogLevel.Error, Message = "Telemetry sample failed; the next interval tries again")]
    public static partial void PublishFailed(ILogger logger, Exception exception);
}
