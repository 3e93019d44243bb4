using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Metrics;

/// <summary>Log events of the metrics exporter (event ids 650-669).</summary>
internal static partial class MetricsLog
{
    [LoggerMessage(EventId = 650, Level = LogLevel.Warning, Message = "Instrument {Instrument} is not exported: its Prometheus name {Name} is already used by instrument {Other}")]
    public static partial void NameCollision(ILogger logger, string instrument, string name, string other);

    [LoggerMessage(EventId = 651, Level = LogLevel.Warning, Message = "An observable instrument's callback failed while metrics were collected; its series are left out")]
    public static partial void ObservationFailed(ILogger logger, Exception exception);
}
