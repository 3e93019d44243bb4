using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace DeepSeek.Edge.Agent.Cli;

/// <summary>Console logging for tool verbs: everything goes to standard error so standard output stays machine-readable.</summary>
internal static class CliLogging
{
    public static ILoggerFactory Create(bool verbose) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information)
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        })
        .AddFilter("Microsoft", LogLevel.Warning)
        .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
