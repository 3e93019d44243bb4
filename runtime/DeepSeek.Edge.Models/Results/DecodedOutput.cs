namespace DeepSeek.Edge.Models.Results;

/// <summary>What a decoder made of one frame's output tensors: detections, classes or an embedding (whichever the task has).</summary>
public sealed record DecodedOutput(
    IReadOnlyList<Detection> Detections,
    IReadOnlyList<ClassScore> Classes,
    float[]? Embedding)
{
    public static DecodedOutput FromDetections(IReadOnlyList<Detection> detections) => new(detections, [], null);
    public static DecodedOutput FromClasses(IReadOnlyList<ClassScore> classes) => new([], classes, null);
    public static DecodedOutput FromEmbedding(float[] embedding) => new([], [], embedding);
}
