namespace DeepSeek.Edge.Decoding.Suppression;

/// <summary>Greedy non-maximum suppression, class-aware unless told otherwise. Works in place and allocates nothing.</summary>
public static class Nms
{
    /// <summary>
    /// Sorts <paramref name="candidates"/> by score (highest first), then keeps each candidate unless a kept one of the same
    /// class (any class when <paramref name="classAgnostic"/>) overlaps it with IoU above <paramref name="iouThreshold"/>.
    /// The kept candidates end up at the front, best first; returns how many, at most <paramref name="maxDetections"/>.
    /// </summary>
    public static int Apply(Span<DetectionCandidate> candidates, float iouThreshold, bool classAgnostic, int maxDetections)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDetections);
        SortByScore(candidates);
        var kept = 0;
        for (var i = 0; i < candidates.Length && kept < maxDetections; i++)
        {
            var candidate = candidates[i];
            if (!IsSuppressed(candidates[..kept], candidate, iouThreshold, classAgnostic))
                candidates[kept++] = candidate;
        }

        return kept;
    }

    /// <summary>Orders candidates by score, highest first; ties keep output-row order, so results are deterministic.</summary>
    public static void SortByScore(Span<DetectionCandidate> candidates) =>
        candidates.Sort(static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            if (byScore != 0) return byScore;
            var byRow = a.Row.CompareTo(b.Row);
            return byRow != 0 ? byRow : a.ClassId.CompareTo(b.ClassId);
        });

    private static bool IsSuppressed(ReadOnlySpan<DetectionCandidate> kept, in DetectionCandidate candidate, float iouThreshold, bool classAgnostic)
    {
        foreach (ref readonly var k in kept)
        {
            if ((classAgnostic || k.ClassId == candidate.ClassId) && k.Box.IntersectionOverUnion(candidate.Box) > iouThreshold)
                return true;
        }

        return false;
    }
}
