using DeepSeek.Edge.Agent.Cameras;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// Measures a camera's rates over a window (a baseline or a health window). The window's length is measured on the monotonic
/// clock (<see cref="TimeProvider.GetTimestamp"/>): a step of the wall clock (NTP setting the time of a board without a
/// real-time clock, right after boot) neither ends it early nor stretches it.
/// </summary>
internal static class RateWindow
{
    /// <summary>How often the counters are read during a window.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <param name="sample">Reads the camera's counters (throws when the camera stopped).</param>
    /// <param name="stopEarly">Ends the window before its length when it returns true for (first reading, latest reading).</param>
    public static async Task<HealthCheck.Rates> MeasureAsync(
        Func<CameraSample> sample, TimeSpan length, TimeProvider time, Func<CameraSample, CameraSample, bool>? stopEarly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(time);
        var start = sample();
        var end = start;
        while (time.GetElapsedTime(start.Timestamp) < length)
        {
            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
            end = sample();
            if (stopEarly?.Invoke(start, end) == true) break;
        }

        return HealthCheck.Rates.Between(start, end, time);
    }
}
