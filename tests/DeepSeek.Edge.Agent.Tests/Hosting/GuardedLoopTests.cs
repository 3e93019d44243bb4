using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.Outbox;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.Hosting;

/// <summary>
/// The boundary every long-running loop of the agent runs behind (updater, outbox forwarder, MQTT supervisor, telemetry):
/// a pass that throws is counted, followed by a doubling pause and the next pass; the loop ends only when stopped, and its
/// pulse beats at every pass and ends with it.
/// </summary>
public sealed class GuardedLoopTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PassesThatThrow_AreCountedAndPaused_AndTheLoopGoesOn()
    {
        var time = new FakeTimeProvider();
        var liveness = new Liveness(time);
        var pulse = liveness.Register("test_loop", TimeSpan.FromMinutes(1));
        using var failures = new InstrumentSum("dsedge.loop.failures", "loop", "test_loop");
        using var stop = new CancellationTokenSource();
        var passes = 0;
        var fourth = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = GuardedLoop.RunAsync("test_loop", _ =>
        {
            if (++passes == 4) fourth.TrySetResult();
            if (passes <= 3) throw new IOException($"disk error {passes}");
            return Task.Delay(Timeout.Infinite, stop.Token);
        }, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), new XunitLogger<GuardedLoopTests>(output), time, stop.Token, pulse);

        await TestTimeouts.UntilAsync(() => passes == 1, "the first pass");
        foreach (var pause in new[] { 1, 2, 3 }) // doubling, capped at the maximum
        {
            var before = passes;
            time.Advance(TimeSpan.FromSeconds(pause) - TimeSpan.FromMilliseconds(1));
            await Task.Delay(50);
            Assert.Equal(before, passes); // still pausing
            time.Advance(TimeSpan.FromMilliseconds(1));
            await TestTimeouts.UntilAsync(() => passes == before + 1, $"the pass after a {pause} s pause");
        }

        await fourth.Task;
        Assert.Equal(3, failures.Sum);
        Assert.False(loop.IsCompleted);
        Assert.Empty(liveness.Stalled());

        await stop.CancelAsync();
        await loop.WaitAsync(TestTimeouts.Wait);
        Assert.True(pulse.Ended);
    }

    [Fact]
    public void APulseWithoutBeats_IsStalledByName_UntilItBeatsOrEnds()
    {
        var time = new FakeTimeProvider();
        var liveness = new Liveness(time);
        var stuck = liveness.Register("outbox_forwarder", TimeSpan.FromSeconds(10));
        var alive = liveness.Register("mqtt_supervisor", TimeSpan.FromSeconds(10));

        time.Advance(TimeSpan.FromSeconds(8));
        alive.Beat();
        time.Advance(TimeSpan.FromSeconds(5));

        var stalled = Assert.Single(liveness.Stalled());
        Assert.Equal("outbox_forwarder", stalled.Loop);
        Assert.Equal(TimeSpan.FromSeconds(13), stalled.Silent);

        stuck.Beat();
        Assert.Empty(liveness.Stalled());
        time.Advance(TimeSpan.FromSeconds(11));
        stuck.End();
        liveness.Forget(alive); // a stopped camera's loops are no longer watched
        Assert.Empty(liveness.Stalled());
    }
}
