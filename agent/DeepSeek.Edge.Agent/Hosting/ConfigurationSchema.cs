using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>
/// The JSON Schema of the agent's configuration file, made from the option types by the rules <see cref="ConfigurationCheck"/>
/// binds by: the same sections, keys (PascalCase, as the file spells them), value types, lists and maps, and no other key.
/// <c>docs/schemas/agent-config.v1.json</c> is its output (<c>ds-edge config schema</c>); a test keeps the two equal.
/// Point an editor at it to have agent.json checked as it is typed.
/// </summary>
public static class ConfigurationSchema
{
    public const string Id = "https://deepseek-edge.invalid/schemas/agent-config.v1.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write()
    {
        var sections = new JsonObject();
        foreach (var (name, type) in ConfigurationCheck.Sections.OrderBy(s => s.Key, StringComparer.Ordinal)) sections[name] = Of(type);
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = Id,
            ["title"] = "ds-edge agent configuration (agent.json)",
            ["description"] = "Made from the agent's option types (ds-edge config schema); docs/operations.md explains the keys. Durations are hh:mm:ss strings.",
            ["type"] = "object",
            ["properties"] = sections,
            ["additionalProperties"] = false,
        };
        return schema.ToJsonString(Indented) + "\n";
    }

    private static JsonObject Of(Type type)
    {
        if (ConfigurationCheck.IsScalar(type)) return Scalar(Nullable.GetUnderlyingType(type) ?? type, Nullable.GetUnderlyingType(type) is not null);
        if (ConfigurationCheck.Element(type) is { } element) return new JsonObject { ["type"] = "array", ["items"] = Of(element) };
        if (ConfigurationCheck.DictionaryValue(type) is { } value) return new JsonObject { ["type"] = "object", ["additionalProperties"] = Of(value) };
        var properties = new JsonObject();
        foreach (var p in ConfigurationCheck.Properties(type).OrderBy(p => p.Name, StringComparer.Ordinal)) properties[p.Name] = Of(p.PropertyType);
        return new JsonObject { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = false };
    }

    private static JsonObject Scalar(Type type, bool nullable)
    {
        JsonObject node;
        if (type.IsEnum) node = new JsonObject { ["enum"] = new JsonArray([.. Enum.GetNames(type).Select(n => (JsonNode)n)]) };
        else if (type == typeof(bool)) node = new JsonObject { ["type"] = "boolean" };
        else if (type == typeof(TimeSpan)) node = new JsonObject { ["type"] = "string", ["pattern"] = @"^-?(\d+\.)?\d{1,2}:\d{2}:\d{2}(\.\d+)?$" };
        else if (type == typeof(string) || type == typeof(Uri)) node = new JsonObject { ["type"] = "string" };
        else if (type == typeof(float) || type == typeof(double) || type == typeof(decimal)) node = new JsonObject { ["type"] = "number" };
        else node = new JsonObject { ["type"] = "integer" };
        if (!nullable) return node;
        return new JsonObject { ["anyOf"] = new JsonArray(node, new JsonObject { ["type"] = "null" }) };
    }
}
