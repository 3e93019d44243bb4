using System.Text.Json;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// Updates that failed for good (a rejected package, a model that failed its swap or health window, a version rolled back
/// by command), kept on disk so a restart does not install the same bad version again. They are forgotten when a desired-state
/// document with another <c>version</c> arrives: a new request is tried afresh, but only once the camera's cool-off
/// (<see cref="UpdateBackoff"/>, which no document resets) has passed. At most <see cref="MaxEntries"/> are kept, the oldest dropped first.
/// </summary>
internal sealed class FailedUpdates
{
    public const int MaxEntries = 256;

    private readonly string _path;
    private readonly Lock _lock = new();
    private readonly State _state;

    public FailedUpdates(string path)
    {
        _path = path;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _state = Read(path);
    }

    public static string Key(string camera, string name, string version) => $"{camera}/{name}@{version}";

    public string? Reason(string key)
    {
        lock (_lock) return _state.Failed.GetValueOrDefault(key);
    }

    public void Add(string key, string reason)
    {
        lock (_lock)
        {
            _state.Failed.Remove(key);
            while (_state.Failed.Count >= MaxEntries) _state.Failed.RemoveAt(0);
            _state.Failed[key] = reason;
            Write();
        }
    }

    /// <summary>Records the document version seen on a topic; returns true (and forgets every failure) when it is a new one.</summary>
    public bool DocumentSeen(string topic, string? documentVersion)
    {
        lock (_lock)
        {
            var known = _state.Documents.TryGetValue(topic, out var previous);
            if (known && previous == (documentVersion ?? "")) return false;
            _state.Documents[topic] = documentVersion ?? "";
            if (known) _state.Failed.Clear(); // the first document after a fresh install is not news
            Write();
            return true;
        }
    }

    private void Write() =>
        DurableFiles.ReplaceFile(_path, JsonSerializer.SerializeToUtf8Bytes(_state, FailedUpdatesJson.Default.State));

    private static State Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), FailedUpdatesJson.Default.State) ?? new State() : new State();
        }
        catch (JsonException)
        {
            return new State(); // a torn file only forgets failures: the worst case is one more attempt
        }
    }

    internal sealed class State
    {
        public Dictionary<string, string> Documents { get; set; } = new(StringComparer.Ordinal);
        public OrderedDictionary<string, string> Failed { get; set; } = new(StringComparer.Ordinal);
    }
}

/// <summary>snake_case on disk; names are read case-insensitively, so files written by earlier agents (<c>Documents</c>, <c>Failed</c>) still load.</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(
    PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower, PropertyNameCaseInsensitive = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(FailedUpdates.State))]
internal sealed partial class FailedUpdatesJson : System.Text.Json.Serialization.JsonSerializerContext;
