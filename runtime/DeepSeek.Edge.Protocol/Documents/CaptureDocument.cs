using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>
/// A frame sent back for retraining on <c>&lt;p&gt;/devices/&lt;id&gt;/captures</c> (outbox, lowest priority): the source
/// frame (not annotated) as JPEG, every detection the model produced on it with boxes in <c>frame_size</c> pixels, why it
/// was taken (<c>band</c>: a detection in the camera's uncertainty band; <c>command</c>: asked for) and the model that ran.
/// </summary>
public sealed record CaptureDocument(
    string Device, string Epoch, long Seq, DateTimeOffset Ts, string Camera, long Frame, string Reason, CaptureModel Model,
    IReadOnlyList<DetectionItem> Detections, IReadOnlyList<int> FrameSize, IReadOnlyList<int> ImageSize, int JpegQuality, string JpegBase64) : IDocument
{
    /// <summary>A detection inside the camera's uncertainty band (and of a label of interest).</summary>
    public const string BandReason = "band";

    /// <summary>Asked for by the <c>capture</c> command.</summary>
    public const string CommandReason = "command";

    /// <summary>The frame an edge on a GPIO input (<c>Gpio:Inputs</c> with <c>Capture</c>) made the camera infer.</summary>
    public const string GpioReason = "gpio";

    public static string SchemaId => Schemas.Capture;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.Capture;
}

/// <summary>The model that produced a capture's detections: name, version, precision (fp32, fp16, int8) and execution provider.</summary>
public sealed record CaptureModel(string Name, string Version, string Precision, string Provider);
