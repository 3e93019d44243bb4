using System.Diagnostics.Metrics;
using DeepSeek.Edge.Inference.Telemetry;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>
/// The boundary of a long-running loop: runs its passes one after the other until the loop is stopped. A pass that throws
/// is logged with the loop's name (event 720), counted (<c>dsedge.loop.failures</c>, tagged with the loop) and followed by a
/// pause that doubles with each consecutive failure up to a cap; then the loop goes on. A loop ends only when it is stopped.
/// With a <see cref="LoopPulse"/>, each pass starts with a beat (a loop whose passes wait must bound the wait, so that it beats
/// while idle), and the pulse ends with the loop.
/// </summary>
public static partial class GuardedLoop
{
    private static readonly Counter<long> Failures =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.loop.failures", "{failure}", "Passes of a long-running loop that failed and were followed by a pause, by loop");

    /// <summary>Runs <paramref name="pass"/> again and again; returns when <paramref name="stop"/> fires.</summary>
    /// <param name="name">The loop's name in logs and metrics (snake_case).</param>
    /// <param name="firstPause">The pause after a first failure; it doubles with each further one, up to <paramref name="maxPause"/>.</param>
    public static async Task RunAsync(
        string name, Func<CancellationToken, Task> pass, TimeSpan firstPause, TimeSpan maxPause, ILogger logger, TimeProvider time, CancellationToken stop,
        LoopPulse? pulse = null)
    {
        ArgumentNullException.ThrowIfNull(pass);
        try
        {
            await RunPassesAsync(name, pass, firstPause, maxPause, logger, time, stop, pulse).ConfigureAwait(false);
        }
        finally
        {
            pulse?.End();
        }
    }

    private static async Task RunPassesAsync(
        string name, Func<CancellationToken, Task> pass, TimeSpan firstPause, TimeSpan maxPause, ILogger logger, TimeProvider time, CancellationToken stop,
        LoopPulse? pulse)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                pulse?.Beat();
                await pass(stop).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failures++;
                var pause = Pause(firstPause, maxPause, failures);
                Failures.Add(1, new KeyValuePair<string, object?>("loop", name));
                LogPassFailed(logger, name, failures, pause.TotalSeconds, ex.Message, ex);
                try
                {
                    await Task.Delay(pause, time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>The pause after the <paramref name="failures"/>-th consecutive failure.</summary>
    public static TimeSpan Pause(TimeSpan first, TimeSpan max, int failures) =>
        TimeSpan.FromTicks(Math.Min(max.Ticks, first.Ticks << Math.Clamp(failures - 1, 0, 20)));

    [LoggerMessage(EventId = 720, Level = LogLevel.Error,
        Message = "Loop {Loop} failed ({Failures} in a row): {Reason}; it goes on in {PauseSeconds:0.#} s")]
    private static partial void LogPassFailed(ILogger logger, string loop, int failures, double pauseSeconds, string reason, Exception exception);
}
