using DeepSeek.Edge.Pipelines.Capture;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Tests.Support;
using DeepSeek.Edge.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DeepSeek.Edge.Pipelines.Tests.Capture;

public sealed class StallWatchdogTests
{
    [Fact]
    public async Task FakeClock_ReadWaitsLessThanTheStallTimeout_NotStalled_ThenPastIt_StalledAndReopened()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        var scripted = new ScriptedSource();
        scripted.Stall();
        var options = Hosts.Camera("fake-clock", "test:", s =>
        {
            s.StallTimeout = TimeSpan.FromSeconds(10);
            s.ReconnectDelay = TimeSpan.FromSeconds(1);
            s.ReconnectMaxDelay = TimeSpan.FromSeconds(1.5);
        });
        var sink = new ResultCollector();
        await using var camera = CameraPipeline.Create(options, host, TestLogging.Factory, clock, scripted);
        camera.Subscribe(sink);
        camera.Start();
        await Wait.UntilAsync(() => scripted.Opens == 1, "the first open");

        clock.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(200);
        Assert.Equal(SourceState.Starting, camera.Health.State);
        Assert.Equal(0, camera.Health.Stalls);

        clock.Advance(TimeSpan.FromSeconds(2));
        await Wait.UntilAsync(() => camera.Health.Stalls == 1, "the stall is noticed");
        await Wait.UntilAsync(() => camera.Health.State == SourceState.Reconnecting, "a reopen is scheduled");
        Assert.Equal(1, scripted.Opens);

        clock.Advance(TimeSpan.FromSeconds(2));
        await Wait.UntilAsync(() => sink.Count >= 3, "frames after the reopen");
        Assert.Equal(2, scripted.Opens);
        Assert.Equal(SourceState.Streaming, camera.Health.State);
        Assert.Equal(clock.GetUtcNow(), sink.Results[0].Timestamp);
    }
}
