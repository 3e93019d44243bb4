using DeepSeek.Edge.Agent.Outbox;
using DeepSeek.Edge.Agent.Tests.Broker;

namespace DeepSeek.Edge.Agent.Tests.Outbox;

/// <summary>The outbox on real files in a temp directory.</summary>
public sealed class OutboxTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-outbox");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Enqueue_ThenReopen_RecordsComeBackInSequenceOrder()
    {
        var options = TestOutboxes.Options(_dir.Path);
        using (var outbox = TestOutboxes.Open(options))
        {
            for (var i = 0; i < 20; i++) outbox.Enqueue("t/telemetry", OutboxPriority.Telemetry, TestOutboxes.Payload("m" + i));
        }

        using var reopened = TestOutboxes.Open(options);
        var records = TestOutboxes.All(reopened);

        Assert.Equal(20, reopened.Recovery.Records);
        Assert.Equal(0, reopened.Recovery.TornRecords);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "m" + i), records.Select(TestOutboxes.Label));
        Assert.All(records, r => Assert.Equal("t/telemetry", r.Topic));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(30)]
    public void Reopen_AfterKillWithTornLastRecord_KeepsEveryCompleteRecordAndCountsTheTornOne(int bytesCut)
    {
        var options = TestOutboxes.Options(_dir.Path);
        var outbox = TestOutboxes.Open(options);
        for (var i = 0; i < 50; i++) outbox.Enqueue("t/events", OutboxPriority.Event, TestOutboxes.Payload("e" + i, padding: 40));
        outbox.Abandon();
        var segment = Directory.GetFiles(Path.Combine(_dir.Path, "event"), "*.seg").Order(StringComparer.Ordinal).Last();
        using (var file = File.OpenHandle(segment, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.SetLength(file, RandomAccess.GetLength(file) - bytesCut);
        }

        using var reopened = TestOutboxes.Open(options);
        var records = TestOutboxes.All(reopened);

        Assert.Equal(1, reopened.Recovery.TornRecords);
        Assert.Equal(49, records.Count);
        Assert.Equal(Enumerable.Range(1, 49).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(Enumerable.Range(0, 49).Select(i => "e" + i), records.Select(TestOutboxes.Label));
        Assert.True(reopened.Enqueue("t/events", OutboxPriority.Event, TestOutboxes.Payload("next")) > 50);
    }

    [Fact]
    public void Reopen_AfterKillWithZeroFilledTail_KeepsAllRecordsAndCountsTheTail()
    {
        var options = TestOutboxes.Options(_dir.Path);
        var outbox = TestOutboxes.Open(options);
        for (var i = 0; i < 10; i++) outbox.Enqueue("t/telemetry", OutboxPriority.Telemetry, TestOutboxes.Payload("m" + i));
        outbox.Abandon();
        var segment = Directory.GetFiles(Path.Combine(_dir.Path, "telemetry"), "*.seg").Single();
        File.AppendAllText(segment, new string('\0', 100));

        using var reopened = TestOutboxes.Open(options);

        Assert.Equal(10, reopened.Count);
        Assert.Equal(1, reopened.Recovery.TornRecords);
        Assert.Equal(100, reopened.Recovery.DiscardedBytes);
    }

    [Fact]
    public void Sequence_AfterPowerLossOfUnsyncedRecords_IsNeverReused()
    {
        var options = TestOutboxes.Options(_dir.Path);
        options.SequenceLease = 4;
        var outbox = TestOutboxes.Open(options);
        var handedOut = Enumerable.Range(0, 10).Select(_ => outbox.Enqueue("t/telemetry", OutboxPriority.Telemetry, TestOutboxes.Payload("m"))).ToList();
        outbox.Abandon();
        Directory.Delete(Path.Combine(_dir.Path, "telemetry"), recursive: true); // telemetry not yet fsynced, lost with the page cache

        using var reopened = TestOutboxes.Open(options);
        var next = reopened.Enqueue("t/telemetry", OutboxPriority.Telemetry, TestOutboxes.Payload("after"));

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), handedOut);
        Assert.True(next > handedOut.Max(), $"sequence {next} was handed out again");
    }

    [Fact]
    public void Sequence_AfterKillWithinTheSameBoot_ContinuesWithoutGap()
    {
        var options = TestOutboxes.Options(_dir.Path);
        options.SequenceLease = 1000;
        var outbox = TestOutboxes.Open(options);
        for (var i = 0; i < 7; i++) outbox.Enqueue("t/telemetry", OutboxPriority.Telemetry, TestOutboxes.Payload("m"));
        outbox.Abandon(); // kill -9: the page cache keeps what was written, nothing was closed

        using var reopened = TestOutboxes.Open(options);

        Assert.Equal(8, reopened.Enqueue("t/telemetry", OutboxPriority.Telemetry, TestOutboxes.Payload("after")));
    }

    [Fact]
    public void Sequence_AfterCleanClose_ContinuesWithoutGap()
    {
        var options = TestOutboxes.Options(_dir.Path);
        using (var outbox = TestOutboxes.Open(options))
        {
            for (var i = 0; i < 5; i++) outbox.Enqueue("t/telemetry", OutboxPriority.Telemetry, TestOutboxes.Payload("m"));
        }

        using var reopened = TestOutboxes.Open(options);

        Assert.Equal(6, reopened.Enqueue("t/telemetry", OutboxPriority.Telemetry, TestOutboxes.Payload("m")));
    }

    [Fact]
    public void Complete_ThenReopen_DeliveredRecordsStayGone()
    {
        var options = TestOutboxes.Options(_dir.Path);
        var outbox = TestOutboxes.Open(options);
        for (var i = 0; i < 10; i++) outbox.Enqueue("t/telemetry", OutboxPriority.Telemetry, TestOutboxes.Payload("m" + i));
        outbox.Complete(outbox.Peek(6));
        outbox.Abandon();

        using var reopened = TestOutboxes.Open(options);

        Assert.Equal(["m6", "m7", "m8", "m9"], TestOutboxes.All(reopened).Select(TestOutboxes.Label));
    }

    [Fact]
    public void Peek_MixedPriorities_ReturnsSequenceOrder()
    {
        using var outbox = TestOutboxes.Open(TestOutboxes.Options(_dir.Path));
        outbox.Enqueue("t/telemetry", OutboxPriority.Telemetry, TestOutboxes.Payload("a"));
        outbox.Enqueue("t/events", OutboxPriority.Alert, TestOutboxes.Payload("b"));
        outbox.Enqueue("t/events", OutboxPriority.Event, TestOutboxes.Payload("c"));
        outbox.Enqueue("t/telemetry", OutboxPriority.Telemetry, TestOutboxes.Payload("d"));

        var records = outbox.Peek(10);

        Assert.Equal(["a", "b", "c", "d"], records.Select(TestOutboxes.Label));
        Assert.Equal([OutboxPriority.Telemetry, OutboxPriority.Alert, OutboxPriority.Event, OutboxPriority.Telemetry], records.Select(r => r.Priority));
    }

    [Fact]
    public void Enqueue_WhenFull_DropsLowestPriorityOldestFirst()
    {
        var options = TestOutboxes.Options(_dir.Path);
        options.MaxBytes = 64 * 1024;
        options.SegmentBytes = 8 * 1024;
        using var outbox = TestOutboxes.Open(options);
        outbox.Enqueue("t/x", OutboxPriority.Alert, TestOutboxes.Payload("alert0", 1000));
        var recordBytes = outbox.Bytes;
        var capacity = (int)(options.MaxBytes / recordBytes);
        outbox.Enqueue("t/x", OutboxPriority.Event, TestOutboxes.Payload("event0", 1000));

        for (var i = 0; i < capacity + 10; i++) outbox.Enqueue("t/x", OutboxPriority.Telemetry, TestOutboxes.Payload($"t{i:D5}", 1000));

        var labels = TestOutboxes.All(outbox).Select(TestOutboxes.Label).ToList();
        Assert.True(outbox.Bytes <= options.MaxBytes);
        Assert.Equal(capacity, labels.Count);
        Assert.Equal(["alert0", "event0"], labels.Take(2));
        Assert.Equal(Enumerable.Range(12, capacity - 2).Select(i => $"t{i:D5}"), labels.Skip(2));
        Assert.Equal(12, outbox.DroppedMessages);
    }

    [Fact]
    public void Enqueue_WhenFullOfHigherPriorities_DropsOldestEventsThenTheIncomingTelemetry()
    {
        var options = TestOutboxes.Options(_dir.Path);
        options.MaxBytes = 64 * 1024;
        options.SegmentBytes = 8 * 1024;
        using var outbox = TestOutboxes.Open(options);
        outbox.Enqueue("t/x", OutboxPriority.Alert, TestOutboxes.Payload("alert0", 1000));
        var capacity = (int)(options.MaxBytes / outbox.Bytes);
        outbox.Enqueue("t/x", OutboxPriority.Telemetry, TestOutboxes.Payload("t00000", 1000));
        for (var i = 0; i < capacity; i++) outbox.Enqueue("t/x", OutboxPriority.Event, TestOutboxes.Payload($"e{i:D5}", 1000));

        var before = TestOutboxes.All(outbox).Select(TestOutboxes.Label).ToList();
        var dropped = outbox.Enqueue("t/x", OutboxPriority.Telemetry, TestOutboxes.Payload("late00", 1000));
        var after = TestOutboxes.All(outbox);

        Assert.Equal(["alert0", .. Enumerable.Range(1, capacity - 1).Select(i => $"e{i:D5}")], before);
        Assert.Equal(before, after.Select(TestOutboxes.Label));
        Assert.DoesNotContain(after, r => r.Sequence == dropped);
    }

    [Fact]
    public void Enqueue_CapturesOverTheirBudget_DropTheOldestCapturesOnly_Counted()
    {
        var options = TestOutboxes.Options(_dir.Path);
        options.MaxBytes = 256 * 1024;
        options.CaptureMaxBytes = 16 * 1024;
        options.SegmentBytes = 8 * 1024;
        using var outbox = TestOutboxes.Open(options);
        outbox.Enqueue("t/x", OutboxPriority.Telemetry, TestOutboxes.Payload("t0", 1000));
        outbox.Enqueue("t/x", OutboxPriority.Event, TestOutboxes.Payload("e0", 1000));

        for (var i = 0; i < 40; i++) outbox.Enqueue("t/c", OutboxPriority.Capture, TestOutboxes.Payload($"c{i:D2}", 1000));

        var labels = TestOutboxes.All(outbox).Select(TestOutboxes.Label).ToList();
        Assert.True(outbox.BytesOf(OutboxPriority.Capture) <= options.CaptureMaxBytes);
        Assert.Equal(["t0", "e0"], labels.Take(2));
        var kept = labels.Skip(2).ToList();
        Assert.Equal(Enumerable.Range(40 - kept.Count, kept.Count).Select(i => $"c{i:D2}"), kept);
        Assert.Equal(40 - kept.Count, outbox.Tally.LostOf(OutboxPriority.Capture)["capture_budget"]);
    }

    [Fact]
    public void Enqueue_FullOutbox_GivesUpCapturesBeforeTelemetry()
    {
        var options = TestOutboxes.Options(_dir.Path);
        options.MaxBytes = 64 * 1024;
        options.CaptureMaxBytes = 64 * 1024;
        options.SegmentBytes = 8 * 1024;
        using var outbox = TestOutboxes.Open(options);
        outbox.Enqueue("t/x", OutboxPriority.Telemetry, TestOutboxes.Payload("t00", 1000));
        var capacity = (int)(options.MaxBytes / outbox.Bytes);
        for (var i = 0; i < capacity - 1; i++) outbox.Enqueue("t/c", OutboxPriority.Capture, TestOutboxes.Payload($"c{i:D2}", 1000));

        for (var i = 1; i < 6; i++) outbox.Enqueue("t/x", OutboxPriority.Telemetry, TestOutboxes.Payload($"t{i:D2}", 1000));
        outbox.Enqueue("t/c", OutboxPriority.Capture, TestOutboxes.Payload("c99", 1000));

        var labels = TestOutboxes.All(outbox).Select(TestOutboxes.Label).ToList();
        Assert.True(outbox.Bytes <= options.MaxBytes);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"t{i:D2}"), labels.Where(l => l.StartsWith('t')));
        Assert.Equal("c99", labels[^1]); // a new capture still pushes out older captures
        Assert.True(outbox.Tally.LostOf(OutboxPriority.Capture)["full"] >= 6);
        Assert.Empty(outbox.Tally.LostOf(OutboxPriority.Telemetry));
    }

    [Fact]
    public void Complete_RecordsDroppedWhileInFlight_CountsThemDeliveredNotLost()
    {
        using var outbox = FullOfTelemetry(out var capacity);
        var inFlight = outbox.PeekAfter(0, 5);

        for (var i = 0; i < 5; i++) outbox.Enqueue("t/x", OutboxPriority.Telemetry, TestOutboxes.Payload($"n{i}", 1000)); // pushes the 5 out
        outbox.Complete(inFlight);

        Assert.Equal(5, outbox.DroppedMessages);
        Assert.Empty(outbox.Tally.LostOf(OutboxPriority.Telemetry));
        Assert.Equal(5, outbox.Tally.DeliveredOf(OutboxPriority.Telemetry));
        Assert.Equal(capacity, outbox.Count);
    }

    [Fact]
    public void PeekAfter_StartingOverWithRecordsDroppedWhileInFlight_CountsThemLostWithTheirReason()
    {
        using var outbox = FullOfTelemetry(out _);
        var inFlight = outbox.PeekAfter(0, 5);
        for (var i = 0; i < 7; i++) outbox.Enqueue("t/x", OutboxPriority.Telemetry, TestOutboxes.Payload($"n{i}", 1000));
        Assert.Equal(2, outbox.Tally.LostOf(OutboxPriority.Telemetry)["full"]); // the two never sent count at once

        var again = outbox.PeekAfter(0, 1); // the link went down: the sender starts over, the 5 never got their PUBACK

        Assert.Equal(7, outbox.Tally.LostOf(OutboxPriority.Telemetry)["full"]);
        Assert.Equal(0, outbox.Tally.DeliveredOf(OutboxPriority.Telemetry));
        Assert.DoesNotContain(again[0].Sequence, inFlight.Select(r => r.Sequence));
    }

    private DeepSeek.Edge.Agent.Outbox.Outbox FullOfTelemetry(out int capacity)
    {
        var options = TestOutboxes.Options(_dir.Path);
        options.MaxBytes = 64 * 1024;
        options.SegmentBytes = 8 * 1024;
        var outbox = TestOutboxes.Open(options);
        outbox.Enqueue("t/x", OutboxPriority.Telemetry, TestOutboxes.Payload("t000", 1000));
        capacity = (int)(options.MaxBytes / outbox.Bytes);
        for (var i = 1; i < capacity; i++) outbox.Enqueue("t/x", OutboxPriority.Telemetry, TestOutboxes.Payload($"t{i:D3}", 1000));
        return outbox;
    }

    [Fact]
    public void Complete_AllRecords_DeletesPassedSegmentFiles()
    {
        var options = TestOutboxes.Options(_dir.Path);
        options.SegmentBytes = 4096;
        using var outbox = TestOutboxes.Open(options);
        for (var i = 0; i < 60; i++) outbox.Enqueue("t/telemetry", OutboxPriority.Telemetry, TestOutboxes.Payload("m", 400));
        var segmentsBefore = Directory.GetFiles(Path.Combine(_dir.Path, "telemetry"), "*.seg").Length;

        outbox.Complete(outbox.Peek(60));

        Assert.True(segmentsBefore > 5, $"{segmentsBefore} segments");
        Assert.Single(Directory.GetFiles(Path.Combine(_dir.Path, "telemetry"), "*.seg"));
        Assert.Equal(0, outbox.Count);
        Assert.Equal(0, outbox.Bytes);
    }

    [Fact]
    public void Open_DirectoryHeldByAnotherOutbox_Throws()
    {
        using var first = TestOutboxes.Open(TestOutboxes.Options(_dir.Path));

        var e = Assert.Throws<InvalidOperationException>(() => TestOutboxes.Open(TestOutboxes.Options(_dir.Path)));

        Assert.Contains(_dir.Path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForMessagesAsync_Empty_CompletesOnEnqueue()
    {
        using var outbox = TestOutboxes.Open(TestOutboxes.Options(_dir.Path));
        var wait = outbox.WaitForMessagesAsync(CancellationToken.None);
        Assert.False(wait.IsCompleted);

        outbox.Enqueue("t/events", OutboxPriority.Event, TestOutboxes.Payload("e"));

        await wait.WaitAsync(TestTimeouts.Wait);
    }

    [Fact]
    public void Validate_SegmentLargerThanBound_ErrorNamesKey()
    {
        var options = new OutboxOptions { MaxBytes = 1024 * 1024, SegmentBytes = 2 * 1024 * 1024 };

        var error = Assert.Single(options.Validate());

        Assert.StartsWith("Outbox:SegmentBytes: ", error, StringComparison.Ordinal);
    }
}
