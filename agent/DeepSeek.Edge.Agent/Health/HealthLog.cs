using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Health;

/// <summary>Log events of device health (event ids 630-649).</summary>
internal static partial class HealthLog
{
    [LoggerMessage(EventId = 630, Level = LogLevel.Information, Message = "Device health under {Root}: not available on this device: {Missing}")]
    public static partial void Unavailable(ILogger logger, string root, string missing);
}
