using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;

namespace DeepSeek.Edge.Testing;

/// <summary>
/// Checks a contract-2 payload against its JSON Schema in docs/schemas/ (picked by its <c>schema</c> field), and that every
/// field it carries is declared there: the schemas accept unknown fields (consumers ignore them), so a writer that sends an
/// undocumented field is caught here instead.
/// </summary>
public static class ProtocolSchemas
{
    private static readonly ConcurrentDictionary<string, (JsonSchema Schema, JsonElement Root)> Loaded = new(StringComparer.Ordinal);

    public static string Directory => Path.Combine(TestAssets.RepoRoot, "docs", "schemas");

    /// <summary>Every problem with the payload, one line each ("/cameras/0/fps_out: …"); empty when it conforms.</summary>
    public static IReadOnlyList<string> Problems(ReadOnlySpan<byte> payload)
    {
        JsonElement instance;
        try
        {
            using var doc = JsonDocument.Parse(payload.ToArray());
            instance = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return [$"not JSON: {ex.Message}"];
        }

        if (instance.ValueKind != JsonValueKind.Object || !instance.TryGetProperty("schema", out var schemaField) || schemaField.ValueKind != JsonValueKind.String)
            return ["no \"schema\" string field"];
        var file = SchemaFile(schemaField.GetString()!);
        if (!File.Exists(file)) return [$"no schema file {file} for \"{schemaField.GetString()}\""];
        var (schema, root) = Loaded.GetOrAdd(file, Load);
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var problems = new List<string>();
        if (!results.IsValid)
        {
            foreach (var detail in new[] { results }.Concat(results.Details ?? []).Where(d => d.Errors is { Count: > 0 }))
                problems.AddRange(detail.Errors!.Select(e => $"{detail.InstanceLocation}: {e.Key}: {e.Value}"));
            if (problems.Count == 0) problems.Add("does not conform (no detail)");
        }

        Undeclared(root, root, instance, "", problems);
        return problems;
    }

    /// <summary><c>deepseek-edge/status/v1</c> → docs/schemas/status.v1.json.</summary>
    public static string SchemaFile(string schema)
    {
        var parts = schema.Split('/');
        return Path.Combine(Directory, parts.Length == 3 ? $"{parts[1]}.{parts[2]}.json" : schema.Replace('/', '_') + ".json");
    }

    private static (JsonSchema, JsonElement) Load(string file)
    {
        var text = File.ReadAllText(file);
        using var doc = JsonDocument.Parse(text);
        return (JsonSchema.FromText(text), doc.RootElement.Clone());
    }

    private static void Undeclared(JsonElement root, JsonElement schema, JsonElement instance, string path, List<string> problems)
    {
        if (schema.ValueKind != JsonValueKind.Object) return;
        if (schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } pointer && pointer.StartsWith("#/$defs/", StringComparison.Ordinal))
        {
            Undeclared(root, root.GetProperty("$defs").GetProperty(pointer["#/$defs/".Length..]), instance, path, problems);
            return;
        }

        if (instance.ValueKind == JsonValueKind.Object)
        {
            var hasProperties = schema.TryGetProperty("properties", out var properties);
            var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object;
            foreach (var field in instance.EnumerateObject())
            {
                if (hasProperties && properties.TryGetProperty(field.Name, out var declared)) Undeclared(root, declared, field.Value, $"{path}/{field.Name}", problems);
                else if (hasAdditional) Undeclared(root, additional, field.Value, $"{path}/{field.Name}", problems);
                else if (hasProperties) problems.Add($"{path}/{field.Name}: sent but not declared in the schema");
            }
        }
        else if (instance.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in instance.EnumerateArray()) Undeclared(root, items, item, $"{path}/{i++}", problems);
        }
    }
}
