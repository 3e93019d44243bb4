using DeepSeek.Edge.Agent.Ota;
using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>One retained offer of a model: its version, its topic and how many chunk topics it has (from <c>package.chunk_count</c>).</summary>
internal sealed record OfferedVersion(string Name, string Version, string Topic, int ChunkCount)
{
    /// <summary>The offers among <paramref name="retained"/> (topic to payload) whose topic ends in <c>/manifest</c>.</summary>
    public static IReadOnlyList<OfferedVersion> From(IReadOnlyDictionary<string, byte[]> retained)
    {
        ArgumentNullException.ThrowIfNull(retained);
        return retained
            .Where(r => r.Key.EndsWith("/manifest", StringComparison.Ordinal))
            .Select(r => Parse(r.Key, r.Value))
            .ToArray();
    }

    private static OfferedVersion Parse(string topic, byte[] payload)
    {
        try
        {
            // Name and version come from the topic, which is what gets cleared, whatever the document says.
            var levels = topic.Split('/');
            var chunkCount = ModelOffer.Parse(payload).Chunks.ChunkCount;
            return new OfferedVersion(levels[^3], levels[^2], topic, chunkCount);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"{topic} holds no readable offer ({ex.Message}); publish the version again, or clear that topic with an empty retained message", ex);
        }
    }
}
