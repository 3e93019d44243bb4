using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Pipelines.Scheduling;

/// <summary>Whether two model inputs take the same tensor, so that a frame prepared for one can feed the other.</summary>
internal static class InputSpecs
{
    public static bool Same(InputSpec? a, InputSpec? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null) return false;
        return a.Layout == b.Layout && a.Width == b.Width && a.Height == b.Height && a.Color == b.Color && a.Resize == b.Resize
            && a.Pad.Equals(b.Pad) && a.PadNormalized.Equals(b.PadNormalized) && a.DataType == b.DataType && a.Mean.AsSpan().SequenceEqual(b.Mean) && a.Std.AsSpan().SequenceEqual(b.Std);
    }
}
