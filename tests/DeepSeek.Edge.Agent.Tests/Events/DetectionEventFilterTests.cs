using DeepSeek.Edge.Agent.Configuration;
using DeepSeek.Edge.Agent.Events;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Agent.Tests.Events;

public sealed class DetectionEventFilterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Filter_FaceSeenEveryFrameForThreeSeconds_RaisesOneEventPerInterval()
    {
        var filter = new DetectionEventFilter(new EventOptions { MinIntervalMs = 1000 });
        var events = new List<DetectionEvent>();

        for (var frame = 0; frame < 90; frame++) // 30 fps for 3 s
            events.AddRange(filter.Filter([Face(0.9f)], T0.AddMilliseconds(frame * 33.4)));

        Assert.Equal(3, events.Count);
        Assert.True(events[0].Appeared);
        Assert.False(events[1].Appeared);
    }

    [Fact]
    public void Filter_LabelGoneLongerThanTheReset_CountsAsAppearingAgain()
    {
        var filter = new DetectionEventFilter(new EventOptions { MinIntervalMs = 500, AbsentResetMs = 1000 });
        filter.Filter([Face(0.9f)], T0);

        var again = filter.Filter([Face(0.9f)], T0.AddSeconds(5));

        Assert.True(Assert.Single(again).Appeared);
    }

    [Fact]
    public void Filter_SeveralFacesInOneFrame_RaisesOneEventWithTheBest()
    {
        var filter = new DetectionEventFilter(new EventOptions());

        var events = filter.Filter([Face(0.6f), Face(0.95f), Face(0.7f)], T0);

        Assert.Equal(0.95f, Assert.Single(events).Detection.Score);
    }

    [Fact]
    public void Filter_LabelNotListedOrBelowMinScore_RaisesNothing()
    {
        var filter = new DetectionEventFilter(new EventOptions { Labels = ["person"], MinScore = 0.5f });

        Assert.Empty(filter.Filter([Face(0.99f)], T0));
        Assert.Empty(filter.Filter([new Detection(1, "person", 0.4f, new BoxF(0, 0, 1, 1), Detection.NoKeypoints)], T0));
        Assert.Single(filter.Filter([new Detection(1, "person", 0.6f, new BoxF(0, 0, 1, 1), Detection.NoKeypoints)], T0));
    }

    [Fact]
    public void Filter_Disabled_RaisesNothing()
    {
        var filter = new DetectionEventFilter(new EventOptions { Enabled = false });
        Assert.Empty(filter.Filter([Face(0.9f)], T0));
    }

    private static Detection Face(float score) => new(0, "face", score, new BoxF(10, 10, 50, 50), Detection.NoKeypoints);
}
