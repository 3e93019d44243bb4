using DeepSeek.Edge.Agent.Ota;
using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// Which model versions the retained desired-state documents of a prefix select (every device's and every group's), read with the
/// agent's own parser. A document that cannot be parsed selects nothing and is reported to <c>warnings</c>.
/// </summary>
internal sealed class DesiredSelections
{
    private readonly IReadOnlyList<(string Topic, DesiredModel Model)> _entries;

    private DesiredSelections(IReadOnlyList<(string Topic, DesiredModel Model)> entries) => _entries = entries;

    /// <summary>Reads the documents among <paramref name="retained"/> (topic to payload) whose topic ends in <c>/state/desired</c>.</summary>
    public static DesiredSelections From(IReadOnlyDictionary<string, byte[]> retained, TextWriter warnings)
    {
        ArgumentNullException.ThrowIfNull(retained);
        ArgumentNullException.ThrowIfNull(warnings);
        var entries = new List<(string, DesiredModel)>();
        foreach (var (topic, payload) in retained.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (!topic.EndsWith("/state/desired", StringComparison.Ordinal)) continue;
            try
            {
                entries.AddRange(DesiredStateDocument.Parse(payload).Models.Select(m => (topic, m)));
            }
            catch (FormatException ex)
            {
                warnings.WriteLine($"warning: {topic} is ignored: {ex.Message}");
            }
        }

        return new DesiredSelections(entries);
    }

    /// <summary>The topics of the documents that select <paramref name="name"/>@<paramref name="version"/>, in ordinal order.</summary>
    public IReadOnlyList<string> Selecting(string name, string version) => _entries
        .Where(e => e.Model.Name == name && e.Model.Version == version)
        .Select(e => e.Topic)
        .Distinct(StringComparer.Ordinal)
        .ToArray();
}
