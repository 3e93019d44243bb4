using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Cli.Infer;

/// <summary>Log events of <c>ds-edge infer</c> (event ids 1200-1209).</summary>
internal static partial class InferLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "infer: skipped {File}, which cannot be read ({Count} skipped so far): {Reason}")]
    public static partial void ImageSkipped(ILogger logger, string file, int count, string reason);
}
