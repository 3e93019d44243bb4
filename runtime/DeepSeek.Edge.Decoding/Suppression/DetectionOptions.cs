using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Decoding.Suppression;

/// <summary>Parameters every detection kind shares: <c>class_agnostic</c> suppression and the <c>max_detections</c> cap.</summary>
internal sealed record DetectionOptions(bool ClassAgnostic, int MaxDetections)
{
    public const int DefaultMaxDetections = 100;

    public static readonly string[] Keys = ["class_agnostic", "max_detections"];

    public static DetectionOptions Read(JsonField parameters) => new(
        parameters.Bool("class_agnostic", false),
        parameters.Int("max_detections", DefaultMaxDetections, min: 1, max: 100_000));
}
