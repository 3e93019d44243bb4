using System.Globalization;
using System.Text.Json;

namespace DeepSeek.Edge.Models.Store;

/// <summary>
/// Reads and writes <c>active/&lt;camera&gt;.json</c>:
/// <c>{"schema":"deepseek-edge/active-model/v1","camera":"front","model":{"name":…,"version":…},"previous":{…}|null,"activated_at":"…"}</c>.
/// Written as a temporary file, forced to disk, renamed over the pointer, then the directory forced to disk.
/// </summary>
internal static class ActivePointerFile
{
    public const string SchemaV1 = "deepseek-edge/active-model/v1";

    public static ActiveModel Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            if (root.GetProperty("schema").GetString() != SchemaV1) throw new InvalidDataException($"active model pointer {path}: schema is not {SchemaV1}");
            var previous = root.TryGetProperty("previous", out var p) && p.ValueKind == JsonValueKind.Object ? Ref(p) : null;
            return new ActiveModel(root.GetProperty("camera").GetString()!, Ref(root.GetProperty("model")), previous,
                DateTimeOffset.Parse(root.GetProperty("activated_at").GetString()!, CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"active model pointer {path} is unreadable ({ex.Message})", ex);
        }
    }

    /// <summary>Replaces the pointer atomically; <paramref name="step"/> marks the instants between the steps (crash tests).</summary>
    public static void Write(string path, ActiveModel active, Action<string> step)
    {
        var directory = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{DurableFiles.TempSuffix}");
        DurableFiles.WriteNewFile(temp, Serialize(active));
        step("activate:temp-written");
        File.Move(temp, path, overwrite: true);
        step("activate:renamed");
        DurableFiles.FsyncDirectory(directory);
    }

    public static byte[] Serialize(ActiveModel active)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("schema", SchemaV1);
            json.WriteString("camera", active.Camera);
            json.WritePropertyName("model");
            WriteRef(json, active.Model);
            json.WritePropertyName("previous");
            if (active.Previous is null) json.WriteNullValue();
            else WriteRef(json, active.Previous);
            json.WriteString("activated_at", active.ActivatedAt.ToString("O", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteRef(Utf8JsonWriter json, ModelRef model)
    {
        json.WriteStartObject();
        json.WriteString("name", model.Name);
        json.WriteString("version", model.Version);
        json.WriteEndObject();
    }

    private static ModelRef Ref(JsonElement e) => new(e.GetProperty("name").GetString()!, e.GetProperty("version").GetString()!);
}
