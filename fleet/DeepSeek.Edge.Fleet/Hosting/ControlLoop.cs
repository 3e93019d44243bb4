using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Fleet.Desired;
using DeepSeek.Edge.Fleet.Metrics;
using DeepSeek.Edge.Fleet.Rollouts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Fleet.Hosting;

/// <summary>
/// Every tick: republishes desired-state documents the broker lost (restarted without persistence), then advances the rollouts.
/// A fault in one pass is logged and counted; the next tick tries again.
/// </summary>
public sealed class ControlLoop(FleetOptions options, DesiredStateService desired, RolloutController rollouts, FleetCounters counters, ILogger<ControlLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.TickSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var republished = await desired.ReconcileAsync(stoppingToken).ConfigureAwait(false);
                if (republished > 0)
                {
                    counters.Add("ds_fleet_desired_republished_total", republished);
                    logger.LogWarning("desired state: republished {Count} document(s) the broker no longer retained", republished);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                counters.Add("ds_fleet_loop_faults_total", 1, "loop=\"reconcile\"");
                logger.LogError("desired state: reconcile failed ({Error}); trying again next tick", ex.Message);
            }

            try
            {
                await rollouts.TickAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                counters.Add("ds_fleet_loop_faults_total", 1, "loop=\"rollouts\"");
                logger.LogError("rollouts: a tick failed ({Error}); trying again next tick", ex.Message);
            }
        }
    }
}
