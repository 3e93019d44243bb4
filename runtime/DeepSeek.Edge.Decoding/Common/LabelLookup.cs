using System.Globalization;

namespace DeepSeek.Edge.Decoding.Common;

/// <summary>Class id to label: the manifest's label, else the id as text (cached, so a steady stream of ids allocates once).</summary>
internal sealed class LabelLookup
{
    private const int MaxCachedId = 4096;
    private readonly IReadOnlyList<string> _labels;
    private string?[] _numeric = [];

    public LabelLookup(IReadOnlyList<string> labels) => _labels = labels;

    public string Of(int classId)
    {
        if (classId >= 0 && classId < _labels.Count) return _labels[classId];
        if (classId < 0 || classId > MaxCachedId) return classId.ToString(CultureInfo.InvariantCulture);
        if (classId >= _numeric.Length) Array.Resize(ref _numeric, classId + 1);
        return _numeric[classId] ??= classId.ToString(CultureInfo.InvariantCulture);
    }
}
