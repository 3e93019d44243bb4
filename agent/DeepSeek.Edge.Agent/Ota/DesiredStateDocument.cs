using System.Text.Json;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>Parses <c>deepseek-edge/desired-state/v1</c>: <c>{"schema":…,"version":"…","models":[{"name":…,"version":…,"cameras":[…]}]}</c>.</summary>
public static class DesiredStateDocument
{
    public const string SchemaV1 = "deepseek-edge/desired-state/v1";

    /// <summary>The models of the document; an empty payload (a cleared retained message) means none.</summary>
    public static IReadOnlyList<DesiredModel> Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.IsEmpty) return [];
        try
        {
            using var doc = JsonDocument.Parse(utf8Json.ToArray());
            var root = doc.RootElement;
            var schema = root.GetProperty("schema").GetString();
            if (schema != SchemaV1) throw new FormatException($"desired state: schema is \"{schema}\"; this agent reads \"{SchemaV1}\"");
            if (!root.TryGetProperty("models", out var models)) return [];
            return models.EnumerateArray().Select(m => new DesiredModel(
                m.GetProperty("name").GetString()!,
                m.GetProperty("version").GetString()!,
                m.TryGetProperty("cameras", out var c) ? c.EnumerateArray().Select(e => e.GetString()!).ToArray() : null)).ToArray();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"desired state: not a valid {SchemaV1} document ({ex.Message})", ex);
        }
    }
}
