using DeepSeek.Edge.Agent.Outbox;
using DeepSeek.Edge.Agent.Tests.Broker;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DeepSeek.Edge.Agent.Tests.Outbox;

/// <summary>The status page's "oldest" per priority: when the record at the head of the queue was enqueued, moving as records are delivered.</summary>
public sealed class OutboxOldestRecordTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-outbox-oldest");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void OldestEnqueuedAt_FollowsTheHeadOfEachPriority_AndIsNullWhenNoneWaits()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var first = clock.GetUtcNow();
        using var outbox = DeepSeek.Edge.Agent.Outbox.Outbox.Open(TestOutboxes.Options(_dir.Path), NullLogger<DeepSeek.Edge.Agent.Outbox.Outbox>.Instance, clock);
        outbox.Enqueue("t/telemetry", OutboxPriority.Telemetry, TestOutboxes.Payload("a"));
        clock.Advance(TimeSpan.FromSeconds(5));
        outbox.Enqueue("t/telemetry", OutboxPriority.Telemetry, TestOutboxes.Payload("b"));

        Assert.Equal(first, outbox.OldestEnqueuedAt(OutboxPriority.Telemetry));
        Assert.Null(outbox.OldestEnqueuedAt(OutboxPriority.Event));

        var records = TestOutboxes.All(outbox);
        outbox.Complete([records[0]]);
        Assert.Equal(first.AddSeconds(5), outbox.OldestEnqueuedAt(OutboxPriority.Telemetry));

        outbox.Complete([records[1]]);
        Assert.Null(outbox.OldestEnqueuedAt(OutboxPriority.Telemetry));
    }
}
