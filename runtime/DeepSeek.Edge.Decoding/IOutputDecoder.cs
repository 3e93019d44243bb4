using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding;

/// <summary>
/// Turns one run's output tensors into results, in model-input pixel coordinates
/// (0..input width, 0..input height); mapping back to the source frame is the caller's job.
/// </summary>
public interface IOutputDecoder
{
    /// <summary>The manifest's decoder kind, e.g. <c>ssd-anchors</c>.</summary>
    string Kind { get; }

    /// <summary>The model outputs this decoder reads; checked against the ONNX model at load.</summary>
    IReadOnlyList<string> OutputNames { get; }

    /// <summary>Decodes one run. Thresholds come per call so that a running camera can change them.</summary>
    DecodedOutput Decode(ModelOutputs outputs, Thresholds thresholds);
}
