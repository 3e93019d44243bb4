using System.Text.Json.Serialization;
using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Protocol.Fleet;

/// <summary>
/// One page of <c>GET /api/captures</c>, oldest first: the captures after the cursor asked for, and <c>next</c>, the cursor
/// to ask for the following page (the same cursor again when nothing new has arrived). <c>more</c>: a full page; ask again now.
/// </summary>
public sealed record CapturePage(IReadOnlyList<CaptureSummary> Items, string Next, bool More) : IDocument
{
    public static string SchemaId => Schemas.CapturePage;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.CapturePage;
}

/// <summary>
/// One stored capture: where and when it was taken, why, the model that ran, its detections (boxes in <c>frame_size</c>
/// pixels) and its image (<c>image</c>: the API path of the JPEG, <c>image_size</c> pixels, content-addressed by SHA-256).
/// </summary>
public sealed record CaptureSummary(
    long Id, string Device, string Epoch, long Seq, DateTimeOffset Ts, DateTimeOffset RxTs, string Camera, long Frame, string Reason,
    CaptureModel Model, IReadOnlyList<int> FrameSize, IReadOnlyList<int> ImageSize, string ImageSha256, long ImageBytes, string Image,
    IReadOnlyList<DetectionItem> Detections);
