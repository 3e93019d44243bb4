using System.Text.Json;

namespace DeepSeek.Edge.Agent.Commands;

/// <summary>
/// Run-time camera overrides (the <c>set</c> command) persisted as <c>settings.json</c> in the data directory:
/// written to a temp file, flushed to disk and renamed over the old one, so a power cut leaves the old or the new file.
/// A camera whose overrides are all cleared has no entry left.
/// </summary>
public sealed class CameraSettingsStore
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>How earlier agents wrote the file (camelCase); read when an entry has nothing under the snake_case names.</summary>
    private static readonly JsonSerializerOptions EarlierJson = new(JsonSerializerDefaults.Web);
    private readonly string _path;
    private readonly Lock _gate = new();
    private Dictionary<string, CameraSettings> _settings;

    public CameraSettingsStore(string dataDirectory)
    {
        _path = System.IO.Path.Combine(dataDirectory, "settings.json");
        _settings = Load(_path);
    }

    /// <summary>The file the overrides live in.</summary>
    public string Path => _path;

    /// <summary>The cameras that have overrides, configured or not.</summary>
    public IReadOnlyList<string> Cameras
    {
        get
        {
            lock (_gate) return _settings.Keys.Order(StringComparer.Ordinal).ToArray();
        }
    }

    public CameraSettings For(string camera)
    {
        lock (_gate) return _settings.TryGetValue(camera, out var s) ? s : new CameraSettings();
    }

    /// <summary>Applies a change (values set, settings cleared) to a camera's overrides and persists it; returns the overrides now.</summary>
    public CameraSettings Apply(string camera, CameraSettingsChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var current = _settings.TryGetValue(camera, out var s) ? s : new CameraSettings();
            var merged = current.With(change);
            var next = new Dictionary<string, CameraSettings>(_settings, StringComparer.Ordinal) { [camera] = merged };
            if (merged.IsEmpty) next.Remove(camera);
            Save(next);
            _settings = next;
            return merged;
        }
    }

    private void Save(Dictionary<string, CameraSettings> settings)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
        var temp = _path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, settings, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
    }

    private static Dictionary<string, CameraSettings> Load(string path)
    {
        if (!File.Exists(path)) return new(StringComparer.Ordinal);
        try
        {
            var bytes = File.ReadAllBytes(path);
            var loaded = JsonSerializer.Deserialize<Dictionary<string, CameraSettings>>(bytes, Json) ?? [];
            var earlier = JsonSerializer.Deserialize<Dictionary<string, CameraSettings>>(bytes, EarlierJson) ?? [];
            return new Dictionary<string, CameraSettings>(
                loaded.Select(e => e.Value is { IsEmpty: false } || !earlier.TryGetValue(e.Key, out var old) ? e : new(e.Key, old))
                    .Where(e => e.Value is { IsEmpty: false }),
                StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"persisted camera settings \"{path}\" are unreadable ({ex.Message}); fix or delete the file to fall back to the configuration", ex);
        }
    }
}
