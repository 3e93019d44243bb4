using System.Text.Json;

namespace DeepSeek.Edge.Agent.Commands;

/// <summary>
/// Run-time camera overrides (the <c>set</c> command) persisted as <c>settings.json</c> in the data directory:
/// written to a temp file, flushed to disk and renamed over the old one, so a power cut leaves the old or the new file.
/// </summary>
public sealed class CameraSettingsStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly string _path;
    private readonly Lock _gate = new();
    private Dictionary<string, CameraSettings> _settings;

    public CameraSettingsStore(string dataDirectory)
    {
        _path = Path.Combine(dataDirectory, "settings.json");
        _settings = Load(_path);
    }

    public CameraSettings For(string camera)
    {
        lock (_gate) return _settings.TryGetValue(camera, out var s) ? s : new CameraSettings();
    }

    /// <summary>Merges a change into a camera's settings and persists it; returns the merged settings.</summary>
    public CameraSettings Apply(string camera, CameraSettings change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var current = _settings.TryGetValue(camera, out var s) ? s : new CameraSettings();
            var merged = new CameraSettings(
                change.ScoreThreshold ?? current.ScoreThreshold, change.IouThreshold ?? current.IouThreshold, change.Enabled ?? current.Enabled);
            var next = new Dictionary<string, CameraSettings>(_settings) { [camera] = merged };
            Save(next);
            _settings = next;
            return merged;
        }
    }

    private void Save(Dictionary<string, CameraSettings> settings)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
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
            return JsonSerializer.Deserialize<Dictionary<string, CameraSettings>>(File.ReadAllBytes(path), Json) ?? new(StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"persisted camera settings \"{path}\" are unreadable ({ex.Message}); fix or delete the file to fall back to the configuration", ex);
        }
    }
}
