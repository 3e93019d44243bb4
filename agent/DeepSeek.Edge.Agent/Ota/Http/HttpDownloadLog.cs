using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Ota.Http;

internal static partial class HttpDownloadLog
{
    [LoggerMessage(EventId = 920, Level = LogLevel.Information, Message = "Downloading {Url} ({Size} bytes) from byte {Offset}")]
    public static partial void Starting(ILogger logger, string url, long size, long offset);

    [LoggerMessage(EventId = 921, Level = LogLevel.Information, Message = "{Url}: package already downloaded and verified")]
    public static partial void AlreadyPresent(ILogger logger, string url);

    [LoggerMessage(EventId = 922, Level = LogLevel.Information, Message = "{Url}: {Size} bytes downloaded, SHA-256 verified")]
    public static partial void Completed(ILogger logger, string url, long size);

    [LoggerMessage(EventId = 923, Level = LogLevel.Warning, Message = "{Url}: package.partial held {Found} bytes but only {Recorded} were recorded as stored; the rest is discarded")]
    public static partial void Truncated(ILogger logger, string url, long found, long recorded);

    [LoggerMessage(EventId = 924, Level = LogLevel.Warning, Message = "{Url}: the server does not support resume (it answered a Range request with the whole file); restarting from byte 0 instead of byte {Offset}")]
    public static partial void NoResumeSupport(ILogger logger, string url, long offset);

    [LoggerMessage(EventId = 925, Level = LogLevel.Warning, Message = "{Url}: the file changed on the server (validator {Old} is now {New}); restarting from byte 0 instead of byte {Offset}")]
    public static partial void FileChanged(ILogger logger, string url, string old, string @new, long offset);

    [LoggerMessage(EventId = 926, Level = LogLevel.Warning, Message = "{Url}: no bytes for {Timeout} at byte {Offset}; aborting the request and retrying")]
    public static partial void Stalled(ILogger logger, string url, TimeSpan timeout, long offset);

    [LoggerMessage(EventId = 927, Level = LogLevel.Warning, Message = "{Url}: {Reason}; retrying from byte {Offset} in {Delay} (failed attempt {Attempt} of {MaxAttempts})")]
    public static partial void Retrying(ILogger logger, string url, string reason, long offset, TimeSpan delay, int attempt, int maxAttempts);
}
