namespace DeepSeek.Edge.Decoding;

/// <summary>The <c>decoder.kind</c> values of contract 1.</summary>
public static class DecoderKind
{
    public const string Softmax = "softmax";
    public const string YoloV5 = "yolov5";
    public const string YoloV8 = "yolov8";
    public const string YoloX = "yolox";
    public const string SsdAnchors = "ssd-anchors";
    public const string BoxesScores = "boxes-scores";
    public const string Embedding = "embedding";
}
