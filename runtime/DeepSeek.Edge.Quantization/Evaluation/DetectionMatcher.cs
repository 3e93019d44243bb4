using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Quantization.Evaluation;

/// <summary>Pairs detections of two runs: same class, highest IoU first, each detection used once.</summary>
public static class DetectionMatcher
{
    public static IReadOnlyList<(Detection Reference, Detection Candidate, float IoU)> Match(
        IReadOnlyList<Detection> reference, IReadOnlyList<Detection> candidate, float minIoU)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        var pairs = new List<(int R, int C, float IoU)>();
        for (var r = 0; r < reference.Count; r++)
        {
            for (var c = 0; c < candidate.Count; c++)
            {
                if (reference[r].ClassId != candidate[c].ClassId) continue;
                var iou = reference[r].Box.IntersectionOverUnion(candidate[c].Box);
                if (iou >= minIoU) pairs.Add((r, c, iou));
            }
        }

        var usedR = new bool[reference.Count];
        var usedC = new bool[candidate.Count];
        var matches = new List<(Detection, Detection, float)>();
        foreach (var (r, c, iou) in pairs.OrderByDescending(p => p.IoU))
        {
            if (usedR[r] || usedC[c]) continue;
            usedR[r] = usedC[c] = true;
            matches.Add((reference[r], candidate[c], iou));
        }

        return matches;
    }
}
