using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>One detection event on <c>&lt;p&gt;/devices/&lt;id&gt;/events</c>: an object appearing, or staying, under the camera's event filter.</summary>
public sealed record EventDocument(
    string Device, string Epoch, long Seq, DateTimeOffset Ts, string Camera, long Frame, ResultModel Model,
    string Label, double Score, IReadOnlyList<double> Box, IReadOnlyList<int> FrameSize, bool Appeared) : IDocument
{
    public static string SchemaId => Schemas.Event;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.Event;

    public string? SnapshotJpegBase64 { get; init; }
}

/// <summary>A GPIO trigger's answer on the events topic: the frame inferred after the edge, all its detections and its snapshot.</summary>
public sealed record TriggerDocument(
    string Device, string Epoch, long Seq, DateTimeOffset Ts, string Camera, long Frame, TriggerEdge Trigger, ResultModel Model,
    IReadOnlyList<DetectionItem> Detections, IReadOnlyList<int> FrameSize, string SnapshotJpegBase64) : IDocument
{
    public static string SchemaId => Schemas.Trigger;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.Trigger;
}

/// <summary>The input pin and when its edge was seen.</summary>
public sealed record TriggerEdge(int Pin, DateTimeOffset Ts);

/// <summary>The model that produced a result: name, version and the execution provider it ran on.</summary>
public sealed record ResultModel(string Name, string Version, string? Provider = null);

/// <summary>One detection: label, score and <c>[x, y, width, height]</c> in frame pixels.</summary>
public sealed record DetectionItem(string Label, double Score, IReadOnlyList<double> Box);
