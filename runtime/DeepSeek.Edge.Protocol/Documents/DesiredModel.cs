using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>
/// One entry of a desired-state document: a model version for the named cameras (null: every camera), and where to get it:
/// <see cref="Source"/> null means the MQTT offer and chunks; an <c>http(s)://</c> URL comes with the package's SHA-256 and size.
/// <see cref="Sha256"/> and <see cref="Size"/>, when given, pin the package whatever the source: a transfer of anything else is refused.
/// </summary>
public sealed record DesiredModel(string Name, string Version, IReadOnlyList<string>? Cameras = null, Uri? Source = null, string? Sha256 = null, long? Size = null)
{
    /// <summary>The <c>version</c> of the desired-state document this entry came from (echoed as <c>desired_version</c>).</summary>
    [JsonIgnore]
    public string? DocumentVersion { get; init; }

    /// <summary><c>allow_downgrade</c>: the entry may install a version older than the one the camera runs (anti-rollback off).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool AllowDowngrade { get; init; }

    public bool AppliesTo(string camera) => Cameras is null || Cameras.Contains(camera, StringComparer.Ordinal);

    [JsonIgnore]
    public string Id => $"{Name}@{Version}";
}
