using DeepSeek.Edge.Agent.Cameras;
using DeepSeek.Edge.Agent.Ota;
using DeepSeek.Edge.Agent.Tests.Broker;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>
/// Baseline and health windows under a wall clock that NTP steps by hours in the middle of the window: the window lasts
/// exactly its length on the monotonic clock, and the rates it measures are over that time.
/// </summary>
public sealed class RateWindowTests
{
    private static readonly TimeSpan Length = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(3)]   // the clock jumps forward: a wall-clock window would end at once, with a rate over three hours
    [InlineData(-3)]  // the clock jumps back: a wall-clock window would last three more hours
    public async Task WallClockStepDuringTheWindow_NeitherEndsItEarlyNorStretchesIt(int stepHours)
    {
        var time = new SteppedWallClock();
        var frames = 0L;
        var start = time.GetTimestamp();
        var measuring = RateWindow.MeasureAsync(() => new CameraSample(frames, frames, 0, time.GetTimestamp()), Length, time, null, CancellationToken.None);

        var advanced = TimeSpan.Zero;
        while (!measuring.IsCompleted && advanced < Length * 2)
        {
            // Advance only once the window waits for its next reading: 20 frames (and detections) per second of monotonic time.
            var waiting = time.TimerCreated.WaitAsync(TestTimeouts.Wait);
            if (await Task.WhenAny(waiting, measuring) == measuring) break;
            Assert.True(await waiting, "the window neither waited nor ended");
            if (advanced == TimeSpan.FromSeconds(3)) time.StepWallClock(TimeSpan.FromHours(stepHours));
            frames += 5;
            time.Advance(RateWindow.Poll);
            advanced += RateWindow.Poll;
        }

        var rates = await measuring.WaitAsync(TestTimeouts.Wait);
        Assert.Equal(Length, time.GetElapsedTime(start));
        Assert.Equal(200, rates.Frames);
        Assert.Equal(20, rates.Fps, 3);
    }
}
