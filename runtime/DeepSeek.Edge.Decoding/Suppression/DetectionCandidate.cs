using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Suppression;

/// <summary>
/// A detection before suppression: box in model-input pixels, score, class and the output row it came from
/// (so that a decoder can read more of that row, e.g. keypoints, for the few candidates that survive).
/// </summary>
public readonly record struct DetectionCandidate(BoxF Box, float Score, int ClassId, int Row);
