using System.Globalization;
using DeepSeek.Edge.Agent.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>
/// Tells systemd (<c>Type=notify</c>) what the agent is doing: <c>READY=1</c> once every service has started (options
/// valid, outbox recovered, models loaded, cameras started), <c>STOPPING=1</c> when it begins to stop, <c>STATUS=</c> with the
/// health line whenever it changes, and <c>WATCHDOG=1</c> at half of <c>WatchdogSec</c> while every critical loop makes
/// progress (<see cref="Liveness"/>). A stalled loop withholds the ping and is logged by name, so systemd restarts an agent
/// that hangs. What the ping does not vouch for (a camera that cannot be reached, a broker that is down) is left to the
/// health endpoint: a restart would not fix it. A no-op without <c>NOTIFY_SOCKET</c>.
/// </summary>
public sealed partial class SystemdNotifications : BackgroundService
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(5);
    private readonly ISystemdNotifier _notifier;
    private readonly Liveness _liveness;
    private readonly IAgentStatus _status;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger<SystemdNotifications> _logger;
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private string? _lastStatus;

    public SystemdNotifications(
        ISystemdNotifier notifier, Liveness liveness, IAgentStatus status, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<SystemdNotifications> logger)
    {
        _notifier = notifier;
        _liveness = liveness;
        _status = status;
        _lifetime = lifetime;
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
        if (!_notifier.IsEnabled) return;
        _lifetime.ApplicationStarted.Register(() =>
        {
            _lastStatus = StatusLine();
            Notify("READY=1\nSTATUS=" + _lastStatus);
        });
        _lifetime.ApplicationStopping.Register(() => Notify("STOPPING=1\nSTATUS=stopping"));
        var watchdog = PingInterval(Environment.GetEnvironmentVariable("WATCHDOG_USEC"));
        using var timer = new PeriodicTimer(watchdog is { } w && w < StatusInterval ? w : StatusInterval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var stalled = _liveness.Stalled();
            if (watchdog is not null && stalled.Count == 0) Notify("WATCHDOG=1");
            Report(stalled);
            var line = StatusLine();
            if (line != _lastStatus) Notify("STATUS=" + line);
            _lastStatus = line;
        }
    }

    private string StatusLine()
    {
        var health = _status.GetHealth();
        return health.Reasons.Count == 0 ? health.Status : $"{health.Status}: {string.Join("; ", health.Reasons)}";
    }

    /// <summary>Logs each loop once when it stalls and once when it goes on again.</summary>
    private void Report(IReadOnlyList<StalledLoop> stalled)
    {
        foreach (var loop in stalled.Where(s => _reported.Add(s.Loop))) LogStalled(_logger, loop.Loop, loop.Silent.TotalSeconds, loop.Allowed.TotalSeconds);
        foreach (var loop in _reported.Where(name => stalled.All(s => s.Loop != name)).ToArray())
        {
            _reported.Remove(loop);
            LogResumed(_logger, loop);
        }
    }

    private void Notify(string state) => _notifier.Notify(new ServiceState(state));

    [LoggerMessage(EventId = 710, Level = LogLevel.Critical,
        Message = "Loop \"{Loop}\" made no progress for {SilentSeconds:0} s (it may take {AllowedSeconds:0} s): withholding the systemd watchdog ping; systemd restarts the agent when WatchdogSec passes without one")]
    private static partial void LogStalled(ILogger logger, string loop, double silentSeconds, double allowedSeconds);

    [LoggerMessage(EventId = 711, Level = LogLevel.Warning, Message = "Loop \"{Loop}\" makes progress again; the systemd watchdog ping resumes")]
    private static partial void LogResumed(ILogger logger, string loop);
}
