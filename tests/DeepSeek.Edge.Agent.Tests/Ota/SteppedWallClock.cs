using Microsoft.Extensions.Time.Testing;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>
/// A fake clock whose wall time can be stepped (as NTP steps the clock of a board without a real-time clock) while its
/// monotonic clock (<see cref="TimeProvider.GetTimestamp"/>) and its timers only move with <see cref="FakeTimeProvider.Advance"/>.
/// Counts the timers created, so a test can advance time only once the code under test waits.
/// </summary>
internal sealed class SteppedWallClock : FakeTimeProvider
{
    private TimeSpan _step;

    public SemaphoreSlim TimerCreated { get; } = new(0);

    public void StepWallClock(TimeSpan step) => _step += step;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _step;

    /// <summary>The monotonic clock: the fake's time before any step, in ticks.</summary>
    public override long GetTimestamp() => base.GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        TimerCreated.Release();
        return timer;
    }
}
