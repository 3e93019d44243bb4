using DeepSeek.Edge.Decoding.BoxesScores;
using DeepSeek.Edge.Decoding.Classification;
using DeepSeek.Edge.Decoding.Embedding;
using DeepSeek.Edge.Decoding.Ssd;
using DeepSeek.Edge.Decoding.Yolo;
using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Decoding;

/// <summary>Builds the decoder a manifest names in <c>decoder.kind</c>, reading its parameters from the <c>decoder</c> block.</summary>
public static class DecoderFactory
{
    private static readonly DecoderRegistration[] Registrations =
    [
        new(DecoderKind.Softmax, ModelTask.Classification, m => new SoftmaxDecoder(m)),
        new(DecoderKind.YoloV5, ModelTask.Detection, m => new YoloV5Decoder(m)),
        new(DecoderKind.YoloV8, ModelTask.Detection, m => new YoloV8Decoder(m)),
        new(DecoderKind.YoloX, ModelTask.Detection, m => new YoloXDecoder(m)),
        new(DecoderKind.SsdAnchors, ModelTask.Detection, m => new SsdAnchorsDecoder(m)),
        new(DecoderKind.BoxesScores, ModelTask.Detection, m => new BoxesScoresDecoder(m)),
        new(DecoderKind.Embedding, ModelTask.Embedding, m => new EmbeddingDecoder(m)),
    ];

    /// <summary>Every kind this runtime decodes.</summary>
    public static IReadOnlyList<string> Kinds { get; } = Registrations.Select(r => r.Kind).ToArray();

    /// <summary>
    /// Creates the decoder for <paramref name="manifest"/>. Throws <see cref="ManifestException"/> (with the JSON path)
    /// for an unknown kind, a kind that does not serve the manifest's task, or a bad parameter.
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

        return registration.Create(manifest);
    }

    private static string Name(ModelTask task) => task.ToString().ToLowerInvariant();
}
