using DeepSeek.Edge.Models.Naming;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>
/// The retained desired state of a device or group, <c>deepseek-edge/desired-state/v1</c>, read (checked) and written here:
/// <c>{"schema":…,"version":"…","models":[{"name":…,"version":…,"cameras":[…],"source":"mqtt"|"https://…","sha256":…,"size":…}]}</c>.
/// <c>sha256</c> and <c>size</c> pin the package: required with an http(s) source, optional (and then enforced) with MQTT chunks.
/// </summary>
public sealed record DesiredStateDocument(string? Version, IReadOnlyList<DesiredModel> Models) : IDocument
{
    public static string SchemaId => Schemas.DesiredState;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.DesiredState;


    public static DesiredStateDocument Empty { get; } = new(null, []);

    /// <summary>An empty payload (a cleared retained message) means no models. Throws <see cref="FormatException"/> naming the problem.</summary>
    public static DesiredStateDocument Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.IsEmpty) return Empty;
        try
        {
            using var doc = JsonDocument.Parse(utf8Json.ToArray());
            var root = doc.RootElement;
            var schema = root.GetProperty("schema").GetString();
            if (schema != Schemas.DesiredState) throw new FormatException($"desired state: schema is \"{schema}\"; this agent reads \"{Schemas.DesiredState}\"");
            var version = root.TryGetProperty("version", out var v) ? v.ToString() : null;
            if (!root.TryGetProperty("models", out var models)) return new DesiredStateDocument(version, []);
            return new DesiredStateDocument(version, models.EnumerateArray().Select((m, i) => Model(m, i) with { DocumentVersion = version }).ToArray());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"desired state: not a valid {Schemas.DesiredState} document ({ex.Message})", ex);
        }
    }

    private static DesiredModel Model(JsonElement m, int index)
    {
        var at = $"desired state: models[{index}]";
        var name = m.GetProperty("name").GetString()!;
        var version = m.GetProperty("version").GetString()!;
        if (!SafeName.IsValid(name) || !SafeName.IsValid(version))
            throw new FormatException($"{at}: {JsonSerializer.Serialize(name)}/{JsonSerializer.Serialize(version)} is not a model name and version: {SafeName.Rule}");
        var cameras = m.TryGetProperty("cameras", out var c) ? c.EnumerateArray().Select(e => e.GetString()!).ToArray() : null;
        var sourceText = m.TryGetProperty("source", out var s) ? s.GetString() : null;
        var allowDowngrade = false;
        if (m.TryGetProperty("allow_downgrade", out var d))
        {
            allowDowngrade = d.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new FormatException($"{at}: \"allow_downgrade\" is {d.GetRawText()}; give true or false (JSON booleans), or leave it out"),
            };
        }

        Uri? source = null;
        if (sourceText is not (null or "mqtt") && (!Uri.TryCreate(sourceText, UriKind.Absolute, out source) || source.Scheme is not ("https" or "http")))
            throw new FormatException($"{at}: source \"{sourceText}\" is neither \"mqtt\" nor an http(s):// URL");
        var sha256 = m.TryGetProperty("sha256", out var h) ? h.GetString() : null;
        if (sha256 is not null && !Sha256Text.IsValid(sha256))
            throw new FormatException($"{at}: \"sha256\" is {JsonSerializer.Serialize(sha256)}, not the package's SHA-256 in hex");
        long? size = null;
        if (m.TryGetProperty("size", out var z))
        {
            if (z.ValueKind != JsonValueKind.Number || !z.TryGetInt64(out var bytes) || bytes <= 0)
                throw new FormatException($"{at}: \"size\" is {z.GetRawText()}, not the package's size in bytes (a positive integer)");
            size = bytes;
        }

        if (source is null) return new DesiredModel(name, version, cameras, null, sha256?.ToLowerInvariant(), size) { AllowDowngrade = allowDowngrade };
        if (sha256 is null)
            throw new FormatException($"{at}: an http(s) source needs \"sha256\", the package's SHA-256 in hex (ds-edge model publish --url writes it)");
        if (size is null)
            throw new FormatException($"{at}: an http(s) source needs \"size\", the package's size in bytes");
        return new DesiredModel(name, version, cameras, source, sha256.ToLowerInvariant(), size.Value) { AllowDowngrade = allowDowngrade };
    }
}
