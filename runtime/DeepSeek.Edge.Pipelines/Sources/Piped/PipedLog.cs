using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Pipelines.Sources.Piped;

/// <summary>Log events of decoder processes (event ids 340-349).</summary>
internal static partial class PipedLog
{
    [LoggerMessage(EventId = 340, Level = LogLevel.Information, Message = "Source {Source}: decoder {Decoder} ({Why})")]
    public static partial void DecoderChosen(ILogger logger, string source, string decoder, string why);

    [LoggerMessage(EventId = 341, Level = LogLevel.Information, Message = "Source {Source}: {Program} started (pid {Pid}, process group {Group})")]
    public static partial void Started(ILogger logger, string source, string program, int pid, string group);

    [LoggerMessage(EventId = 342, Level = LogLevel.Information, Message = "Source {Source}: {Program}: {Line}")]
    public static partial void DecoderSaid(ILogger logger, string source, string program, string line);

    [LoggerMessage(EventId = 343, Level = LogLevel.Warning, Message = "Source {Source}: {Program}: {Count} more line(s) left out of the log in {Seconds:0} s")]
    public static partial void LinesSuppressed(ILogger logger, string source, string program, int count, double seconds);

    [LoggerMessage(EventId = 344, Level = LogLevel.Warning, Message = "Source {Source}: {Program} (pid {Pid}) stopped unasked ({Cause}): {Problem}")]
    public static partial void Exited(ILogger logger, string source, string program, int pid, string cause, string problem);

    [LoggerMessage(EventId = 345, Level = LogLevel.Warning, Message = "Source {Source}: {Program} (pid {Pid}) ignored SIGTERM for {Seconds:0.0} s; killed its process group")]
    public static partial void Killed(ILogger logger, string source, string program, int pid, double seconds);
}
