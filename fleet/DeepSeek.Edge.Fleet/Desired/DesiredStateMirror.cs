using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DeepSeek.Edge.Fleet.Desired;

/// <summary>
/// What the broker retains on the desired-state topics, as seen through the console's own subscription (SHA-256 of each
/// payload). Cleared on every new connection; <see cref="Settled"/> once the retained copies have had time to arrive.
/// </summary>
public sealed class DesiredStateMirror(TimeProvider time)
{
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(3);
    private readonly ConcurrentDictionary<string, string?> _seen = new(StringComparer.Ordinal);
    private DateTimeOffset _connectedAt = DateTimeOffset.MaxValue;

    public bool Settled => time.GetUtcNow() - _connectedAt >= SettleTime;

    public static bool IsDesiredTopic(string topic) => topic.EndsWith("/state/desired", StringComparison.Ordinal);

    public void Reset()
    {
        _seen.Clear();
        _connectedAt = time.GetUtcNow();
    }

    public void Observe(string topic, ReadOnlySpan<byte> payload) =>
        _seen[topic] = payload.IsEmpty ? null : Convert.ToHexStringLower(SHA256.HashData(payload));

    /// <summary>True when the broker holds exactly this payload (null: holds nothing) on the topic.</summary>
    public bool Matches(string topic, string? sha256) => _seen.TryGetValue(topic, out var seen) ? seen == sha256 : sha256 is null;
}
