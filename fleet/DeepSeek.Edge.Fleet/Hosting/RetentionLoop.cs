using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Fleet.Metrics;
using DeepSeek.Edge.Fleet.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Fleet.Hosting;

/// <summary>Every <c>Retention:IntervalMinutes</c> the leading replica sweeps old history (<see cref="Retention"/>); a fault is logged and counted, the next pass tries again.</summary>
public sealed partial class RetentionLoop(FleetOptions options, Retention retention, Leadership leadership, FleetCounters counters, ILogger<RetentionLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Retention.IntervalMinutes));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (!leadership.IsLeader) continue;
            try
            {
                var deleted = await retention.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                if (deleted.Values.Sum() > 0) Swept(logger, string.Join(", ", deleted.Where(d => d.Value > 0).Select(d => $"{d.Key} {d.Value}")));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                counters.Add("ds_fleet_loop_faults_total", 1, "loop=\"retention\"");
                Failed(logger, ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = 411, Level = LogLevel.Information, Message = "retention: deleted {Rows}")]
    private static partial void Swept(ILogger logger, string rows);

    [LoggerMessage(EventId = 412, Level = LogLevel.Error, Message = "retention: a sweep failed ({Error}); trying again next interval")]
    private static partial void Failed(ILogger logger, string error);
}
