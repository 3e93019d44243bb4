using System.Globalization;
using System.Text;
using DeepSeek.Edge.Agent.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DeepSeek.Edge.Agent.Tests.Outbox;

internal static class TestOutboxes
{
    public static OutboxOptions Options(string directory) => new() { Directory = directory };

    /// <summary>Opens with a fake clock: the periodic fsync timer never fires by itself.</summary>
    public static DeepSeek.Edge.Agent.Outbox.Outbox Open(OutboxOptions options) =>
        DeepSeek.Edge.Agent.Outbox.Outbox.Open(options, NullLogger<DeepSeek.Edge.Agent.Outbox.Outbox>.Instance, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55)));

    /// <summary>A JSON payload carrying its sequence number and <paramref name="padding"/> filler characters.</summary>
    public static Func<long, byte[]> Payload(string label, int padding = 0) =>
        seq => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{seq},\"label\":\"{label}\",\"pad\":\"{new string('x', padding)}\"}}"));

    public static IReadOnlyList<OutboxRecord> All(DeepSeek.Edge.Agent.Outbox.Outbox outbox) => outbox.Count == 0 ? [] : outbox.Peek(outbox.Count);

    public static string Label(OutboxRecord r) =>
        System.Text.Json.JsonDocument.Parse(r.Payload).RootElement.GetProperty("label").GetString()!;
}
