using System.Buffers.Binary;
using System.Text;
using DeepSeek.Edge.Agent.Outbox;
using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.Outbox;

/// <summary>
/// Bit rot inside segments, on real files: flips at random offsets in every priority's segments, then recovery must keep
/// every record that was not hit, lose at most the records that were, count exactly what it lost and keep the damaged bytes.
/// </summary>
public sealed class OutboxCorruptionTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-corrupt");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Reopen_AfterRandomBitFlipsInEverySegmentKind_LosesAtMostTheDamagedRecordsAndCountsThem(int seed)
    {
        var options = TestOutboxes.Options(_dir.Path);
        options.SegmentBytes = 4096;
        var outbox = TestOutboxes.Open(options);
        OutboxPriority[] priorities = [OutboxPriority.Telemetry, OutboxPriority.Event, OutboxPriority.Alert];
        var enqueued = new Dictionary<long, OutboxPriority>();
        for (var i = 0; i < 300; i++)
        {
            var priority = priorities[i % priorities.Length];
            enqueued[outbox.Enqueue("t/" + priority, priority, TestOutboxes.Payload("m" + i, padding: 60 + (i % 13)))] = priority;
        }

        outbox.Abandon();

        var random = new Random(seed);
        var damaged = new HashSet<long>();
        var flips = 0;
        foreach (var priority in priorities)
        {
            var segments = Directory.GetFiles(Path.Combine(_dir.Path, OutboxName(priority)), "*.seg").Order(StringComparer.Ordinal).ToList();
            Assert.True(segments.Count >= 3, $"{priority}: {segments.Count} segments; the test wants several of each kind");
            foreach (var segment in segments)
            {
                var bytes = File.ReadAllBytes(segment);
                var records = RecordSpans(bytes);
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    var offset = random.Next(bytes.Length);
                    bytes[offset] ^= (byte)(1 << random.Next(8));
                    damaged.Add(records.First(r => offset >= r.Offset && offset < r.Offset + r.Length).Sequence);
                    flips++;
                }

                File.WriteAllBytes(segment, bytes);
            }
        }

        using var reopened = TestOutboxes.Open(options);
        var recovered = TestOutboxes.All(reopened);
        var lost = enqueued.Keys.Except(recovered.Select(r => r.Sequence)).ToList();
        output.WriteLine($"seed {seed}: {flips} flips hit {damaged.Count} records; {lost.Count} lost, {reopened.Recovery.CorruptRecords} counted corrupt, {reopened.Recovery.TornRecords} torn");

        Assert.Subset(damaged, lost.ToHashSet()); // only damaged records may go
        Assert.Equal(lost.Count, reopened.Recovery.CorruptRecords + reopened.Recovery.TornRecords); // and exactly those lost are counted
        Assert.All(recovered, r => Assert.Equal(enqueued[r.Sequence], r.Priority));
        Assert.All(recovered, r => Assert.Equal(r.Sequence, System.Text.Json.JsonDocument.Parse(r.Payload).RootElement.GetProperty("seq").GetInt64()));
        Assert.Equal(recovered.Select(r => r.Sequence).Order(), recovered.Select(r => r.Sequence));
        Assert.All(priorities, p => Assert.NotEmpty(Directory.GetFiles(Path.Combine(_dir.Path, OutboxName(p), "damaged"))));

        // New records still go in; a second open neither loses nor counts anything more.
        var next = reopened.Enqueue("t/Event", OutboxPriority.Event, TestOutboxes.Payload("after"));
        reopened.Dispose();
        using var again = TestOutboxes.Open(options);
        Assert.Equal(0, again.Recovery.CorruptRecords + again.Recovery.TornRecords);
        Assert.Equal(recovered.Select(r => r.Sequence).Append(next), TestOutboxes.All(again).Select(r => r.Sequence));
    }

    [Fact]
    public void Reopen_SegmentOfTheEarlierFormat_IsReadAndNewRecordsGoToANewSegment()
    {
        var directory = Path.Combine(_dir.Path, "event");
        Directory.CreateDirectory(directory);
        using (var file = File.Create(Path.Combine(directory, "0000000000000000001.seg")))
        {
            for (var seq = 1; seq <= 3; seq++) file.Write(LegacyRecord(seq, "t/events", $"{{\"seq\":{seq},\"label\":\"old{seq}\"}}"));
        }

        var options = TestOutboxes.Options(_dir.Path);
        using (var outbox = TestOutboxes.Open(options))
        {
            Assert.Equal(["old1", "old2", "old3"], TestOutboxes.All(outbox).Select(TestOutboxes.Label));
            Assert.Equal(4, outbox.Enqueue("t/events", OutboxPriority.Event, TestOutboxes.Payload("new4")));
        }

        using var reopened = TestOutboxes.Open(options);
        Assert.Equal(["old1", "old2", "old3", "new4"], TestOutboxes.All(reopened).Select(TestOutboxes.Label));
        Assert.Equal(2, Directory.GetFiles(directory, "*.seg").Length);
    }

    private static string OutboxName(OutboxPriority p) => p.ToString().ToLowerInvariant();

    /// <summary>Where each intact record of a segment lies, before the test damages it.</summary>
    private static List<(long Sequence, int Offset, int Length)> RecordSpans(byte[] segment)
    {
        var spans = new List<(long, int, int)>();
        for (var offset = 0; offset < segment.Length;)
        {
            Assert.True(RecordCodec.TryCheck(segment.AsSpan(offset), OutboxOptions.MaxRecordBytes, out var sequence, out var length));
            spans.Add((sequence, offset, length));
            offset += length;
        }

        return spans;
    }

    /// <summary>A record as written before the sync marker: <c>[u32 body length][u32 CRC-32C of body][body, format 1]</c>.</summary>
    private static byte[] LegacyRecord(long sequence, string topic, string payload)
    {
        var topicBytes = Encoding.UTF8.GetBytes(topic);
        var payloadBytes = Encoding.UTF8.GetBytes(payload);
        var body = new byte[20 + topicBytes.Length + payloadBytes.Length];
        body[0] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(2), sequence);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(10), 1_700_000_000_000);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(18), (ushort)topicBytes.Length);
        topicBytes.CopyTo(body, 20);
        payloadBytes.CopyTo(body, 20 + topicBytes.Length);
        var record = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(record, body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32C.Compute(body));
        body.CopyTo(record, 8);
        return record;
    }
}
