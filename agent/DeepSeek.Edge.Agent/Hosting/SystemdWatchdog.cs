using System.Globalization;
using DeepSeek.Edge.Agent.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>
/// Pings systemd's watchdog (<c>WATCHDOG=1</c>) at half of <c>WatchdogSec</c>, but only while the agent is
/// healthy (pipelines running, broker link up or buffering), so that systemd restarts an agent that hangs.
/// A no-op outside systemd.
/// </summary>
public sealed partial class SystemdWatchdog : BackgroundService
{
    private static readonly ServiceState Ping = new("WATCHDOG=1");
    private readonly ISystemdNotifier _notifier;
    private readonly IAgentStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger<SystemdWatchdog> _logger;

    public SystemdWatchdog(ISystemdNotifier notifier, IAgentStatus status, TimeProvider time, ILogger<SystemdWatchdog> logger)
    {
        _notifier = notifier;
        _status = status;
        _time = time;
        _logger = logger;
    }

    /// <summary>Half the watchdog interval systemd asked for, or null when there is no watchdog.</summary>
    public static TimeSpan? PingInterval(string? watchdogUsec) =>
        long.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec / 2.0)
            : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_notifier.IsEnabled || PingInterval(Environment.GetEnvironmentVariable("WATCHDOG_USEC")) is not { } interval) return;
        using var timer = new PeriodicTimer(interval, _time);
        var withheld = false;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var health = _status.GetHealth();
            if (health.Ready)
            {
                _notifier.Notify(Ping);
                withheld = false;
            }
            else if (!withheld)
            {
                LogWithheld(_logger, health.Status);
                withheld = true;
            }
        }
    }

    [LoggerMessage(EventId = 710, Level = LogLevel.Warning, Message = "Withholding the systemd watchdog ping: agent is {Status}; systemd restarts it if this lasts past WatchdogSec")]
    private static partial void LogWithheld(ILogger logger, string status);
}
