using System.Globalization;
using System.Text.RegularExpressions;

namespace DeepSeek.Edge.Pipelines.Sources.Piped;

/// <summary>
/// Reads ffmpeg's description of its output stream from stderr, e.g.
/// <c>Stream #0:0: Video: rawvideo (BGR[24] / 0x18524742), bgr24(pc, progressive), 320x240 [SAR 1:1 DAR 4:3], q=2-31, 27648 kb/s, 15 fps, 15 tbn</c>
/// after the <c>Output #0</c> line: the frame size and rate of what it writes to the pipe.
/// </summary>
internal sealed partial class OutputHeader
{
    private readonly ManualResetEventSlim _seen = new();
    private bool _inOutput;

    public int Width { get; private set; }

    public int Height { get; private set; }

    public double Fps { get; private set; }

    public WaitHandle Seen => _seen.WaitHandle;

    public void Read(string line)
    {
        if (_seen.IsSet) return;
        if (line.StartsWith("Output #0", StringComparison.Ordinal))
        {
            _inOutput = true;
            return;
        }

        if (!_inOutput || !line.Contains("Video: rawvideo", StringComparison.Ordinal)) return;
        var size = Size().Match(line);
        if (!size.Success) return;
        Width = int.Parse(size.Groups["w"].Value, CultureInfo.InvariantCulture);
        Height = int.Parse(size.Groups["h"].Value, CultureInfo.InvariantCulture);
        var fps = Rate().Match(line);
        Fps = fps.Success ? double.Parse(fps.Groups["fps"].Value, CultureInfo.InvariantCulture) : 0;
        _seen.Set();
    }

    [GeneratedRegex(@", (?<w>\d{1,5})x(?<h>\d{1,5})\b", RegexOptions.CultureInvariant)]
    private static partial Regex Size();

    [GeneratedRegex(@", (?<fps>\d+(?:\.\d+)?) fps\b", RegexOptions.CultureInvariant)]
    private static partial Regex Rate();
}
