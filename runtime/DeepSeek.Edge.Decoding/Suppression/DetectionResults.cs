using DeepSeek.Edge.Decoding.Common;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Suppression;

/// <summary>The last step of every detection kind: suppression, the cap, and the result objects.</summary>
internal static class DetectionResults
{
    public static DecodedOutput Empty { get; } = DecodedOutput.FromDetections([]);

    /// <summary>Suppresses overlaps (unless <paramref name="suppress"/> is false) and caps; the kept candidates are left at the front, best first.</summary>
    public static int Select(CandidateBuffer candidates, Thresholds thresholds, DetectionOptions options, bool suppress = true)
    {
        var span = candidates.Span;
        if (suppress) return Nms.Apply(span, thresholds.Iou, options.ClassAgnostic, options.MaxDetections);
        Nms.SortByScore(span);
        return Math.Min(span.Length, options.MaxDetections);
    }

    public static DecodedOutput Build(CandidateBuffer candidates, Thresholds thresholds, DetectionOptions options, LabelLookup labels, bool suppress = true)
    {
        var kept = Select(candidates, thresholds, options, suppress);
        if (kept == 0) return Empty;
        var span = candidates.Span;
        var detections = new Detection[kept];
        for (var i = 0; i < kept; i++)
        {
            var c = span[i];
            detections[i] = new Detection(c.ClassId, labels.Of(c.ClassId), c.Score, c.Box, Detection.NoKeypoints);
        }

        return DecodedOutput.FromDetections(detections);
    }
}
