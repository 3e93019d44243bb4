using DeepSeek.Edge.Agent.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DeepSeek.Edge.Agent.Tests.Hosting;

/// <summary>The status page's recent warnings and errors: the latest few, newest first, with counts since start.</summary>
public sealed class RecentProblemsTests
{
    [Fact]
    public void Snapshot_AfterMoreThanItHolds_KeepsTheNewestFirst_AndCountsEveryOne()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var problems = new RecentProblems(clock);
        for (var i = 0; i < RecentProblems.Capacity + 5; i++)
        {
            problems.Add(i % 2 == 0 ? LogLevel.Warning : LogLevel.Error, "DeepSeek.Edge.Agent.Cameras.CameraManager", new EventId(801), "problem " + i);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var log = problems.Snapshot();

        Assert.Equal(13, log.Warnings);
        Assert.Equal(12, log.Errors);
        Assert.Equal(RecentProblems.Capacity, log.Recent.Count);
        Assert.Equal("problem 24", log.Recent[0].Message);
        Assert.Equal("problem 5", log.Recent[^1].Message);
        Assert.Equal(("warning", "CameraManager", 801), (log.Recent[0].Level, log.Recent[0].Source, log.Recent[0].Event));
        Assert.True(log.Recent[0].At > log.Recent[1].At);
    }

    [Fact]
    public void Add_LongMessage_IsCutWithAnEllipsis()
    {
        var problems = new RecentProblems(TimeProvider.System);
        problems.Add(LogLevel.Critical, "X", default, new string('x', RecentProblems.MaxMessageLength + 50));

        var problem = Assert.Single(problems.Snapshot().Recent);
        Assert.Equal(RecentProblems.MaxMessageLength + 1, problem.Message.Length);
        Assert.EndsWith("…", problem.Message, StringComparison.Ordinal);
        Assert.Equal("critical", problem.Level);
    }
}
