using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Pipelines.Sources.Piped;

/// <summary>
/// Passes a decoder's stderr lines (credentials removed) to the log at a sane rate: at most <see cref="LinesPerWindow"/>
/// lines per <see cref="Window"/>; the number left out is logged when the next window opens.
/// </summary>
internal sealed class StderrLog
{
    public const int LinesPerWindow = 20;
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _source;
    private readonly string _program;
    private long _windowStart;
    private int _logged;
    private int _suppressed;

    public StderrLog(ILogger logger, TimeProvider time, string source, string program)
    {
        _logger = logger;
        _time = time;
        _source = source;
        _program = program;
        _windowStart = time.GetTimestamp();
    }

    public void Write(string line)
    {
        if (_time.GetElapsedTime(_windowStart) >= Window)
        {
            if (_suppressed > 0) PipedLog.LinesSuppressed(_logger, _source, _program, _suppressed, Window.TotalSeconds);
            (_windowStart, _logged, _suppressed) = (_time.GetTimestamp(), 0, 0);
        }

        if (_logged++ < LinesPerWindow) PipedLog.DecoderSaid(_logger, _source, _program, line);
        else _suppressed++;
    }
}
