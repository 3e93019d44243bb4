using DeepSeek.Edge.Decoding.BoxesScores;
using DeepSeek.Edge.Decoding.Classification;
using DeepSeek.Edge.Decoding.Embedding;
using DeepSeek.Edge.Decoding.Ssd;
using DeepSeek.Edge.Decoding.Suppression;
using DeepSeek.Edge.Decoding.Yolo;
using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Decoding;

/// <summary>Builds the decoder a manifest names in <c>decoder.kind</c>, reading its parameters from the <c>decoder</c> block.</summary>
public static class DecoderFactory
{
    // Every key a kind reads from the decoder block besides "kind"; any other key is refused (see ManifestKeys).
    private static readonly DecoderRegistration[] Registrations =
    [
        new(DecoderKind.Softmax, ModelTask.Classification, ["output", "apply_softmax", "top_k"], m => new SoftmaxDecoder(m)),
        new(DecoderKind.YoloV5, ModelTask.Detection, ["output", "normalized", .. DetectionOptions.Keys], m => new YoloV5Decoder(m)),
        new(DecoderKind.YoloV8, ModelTask.Detection, ["output", "transposed", "normalized", .. DetectionOptions.Keys], m => new YoloV8Decoder(m)),
        new(DecoderKind.YoloX, ModelTask.Detection, ["output", "strides", "sigmoid", .. DetectionOptions.Keys], m => new YoloXDecoder(m)),
        new(DecoderKind.SsdAnchors, ModelTask.Detection,
            ["scores", "boxes", "layers", "anchor_offset", "box_scale", "keypoints", "score_clip", .. DetectionOptions.Keys], m => new SsdAnchorsDecoder(m)),
        new(DecoderKind.BoxesScores, ModelTask.Detection,
            ["boxes", "scores", "classes", "box_format", "normalized", "nms", .. DetectionOptions.Keys], m => new BoxesScoresDecoder(m)),
        new(DecoderKind.Embedding, ModelTask.Embedding, ["output", "l2_normalize"], m => new EmbeddingDecoder(m)),
    ];

    /// <summary>Every kind this runtime decodes.</summary>
    public static IReadOnlyList<string> Kinds { get; } = Registrations.Select(r => r.Kind).ToArray();

    /// <summary>The keys a <c>decoder</c> block of <paramref name="kind"/> may hold, <c>kind</c> first.</summary>
    public static IReadOnlyList<string> KeysOf(string kind) =>
        Array.Find(Registrations, r => r.Kind == kind) is { } r ? ["kind", .. r.Keys] : throw new ArgumentException($"unknown decoder kind \"{kind}\"", nameof(kind));

    /// <summary>
    /// Creates the decoder for <paramref name="manifest"/>. Throws <see cref="ManifestException"/> (with the JSON path)
    /// for an unknown kind, a kind that does not serve the manifest's task, a key the kind does not know, or a bad parameter.
    /// </summary>
    public static IOutputDecoder Create(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var kindPath = $"{manifest.Decoder.Parameters.Path}.kind";
        var kind = manifest.Decoder.Kind;
        var registration = Array.Find(Registrations, r => r.Kind == kind)
            ?? throw new ManifestException(kindPath, $"is \"{kind}\", which this runtime cannot decode; known kinds: {string.Join(", ", Kinds)}");

        if (registration.Task != manifest.Task)
        {
            throw new ManifestException(kindPath,
                $"is \"{kind}\", which needs task \"{Name(registration.Task)}\", but the manifest's task is \"{Name(manifest.Task)}\"; " +
                $"kinds for \"{Name(manifest.Task)}\": {string.Join(", ", Registrations.Where(r => r.Task == manifest.Task).Select(r => r.Kind))}");
        }

        manifest.Decoder.Parameters.RequireKnownKeys(["kind", .. registration.Keys]);
        return registration.Create(manifest);
    }

    private static string Name(ModelTask task) => task.ToString().ToLowerInvariant();
}
