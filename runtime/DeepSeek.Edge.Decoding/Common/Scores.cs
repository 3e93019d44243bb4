namespace DeepSeek.Edge.Decoding.Common;

internal static class Scores
{
    /// <summary>Index of the largest value (the first one on ties); <paramref name="max"/> gets the value.</summary>
    public static int ArgMax(ReadOnlySpan<float> values, out float max)
    {
        var best = 0;
        max = values[0];
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > max)
            {
                max = values[i];
                best = i;
            }
        }

        return best;
    }
}
