namespace DeepSeek.Edge.Pipelines.Sources.Piped;

/// <summary>How to start one decoder process that writes raw BGR frames to its standard output.</summary>
/// <param name="Program">The program: <c>ffmpeg</c> or <c>gst-launch-1.0</c>.</param>
/// <param name="Arguments">Its arguments; never a credential (those go in <paramref name="Input"/>).</param>
/// <param name="Input">Text written to its standard input and then closed (ffmpeg reads the URL from there), or null.</param>
/// <param name="Width">Frame width, or 0 when the program's output header says it.</param>
/// <param name="Height">Frame height, or 0 when the program's output header says it.</param>
/// <param name="IsLive">A stream (ends only on failure) rather than a file.</param>
/// <param name="Hint">Added to failures: what to check.</param>
internal sealed record DecoderCommand(string Program, IReadOnlyList<string> Arguments, string? Input, int Width, int Height, bool IsLive, string Hint)
{
    /// <summary>
    /// ffmpeg prints its output stream (size, rate) on stderr once the input is open: the source waits for it, so that
    /// a refused connection or wrong credentials fail the open instead of the first read.
    /// </summary>
    public bool ReportsOutputHeader => Program == DecoderTools.Ffmpeg;
}
