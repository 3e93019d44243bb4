using System.ComponentModel;
using System.Diagnostics;
using DeepSeek.Edge.Pipelines.Metrics;
using Microsoft.Extensions.Logging;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Sources.Piped;

/// <summary>
/// A source decoded by a child process (ffmpeg or gst-launch-1.0) that writes raw BGR frames to its stdout. Each open
/// starts the process, each close stops its process group. A frame is read straight into the pooled frame's pixels.
/// An exit is classified from the process's last stderr lines (<see cref="DecoderFailure"/>): wrong credentials or a
/// broken pipeline fail the source for good, the rest are reopened with backoff.
/// </summary>
internal sealed class PipedFrameSource : IFrameSource
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(2);

    private readonly DecoderCommand _command;
    private readonly TimeSpan _openTimeout;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _camera;
    private ChildProcess? _child;
    private int _width;
    private int _height;

    public PipedFrameSource(string display, DecoderCommand command, TimeSpan openTimeout, ILogger logger, TimeProvider time, string camera)
    {
        Description = display;
        _command = command;
        _openTimeout = openTimeout;
        _logger = logger;
        _time = time;
        _camera = camera;
    }

    public string Description { get; }

    public bool IsLive => _command.IsLive;

    private string Program => _command.Program;

    public SourceInfo Open(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Close();
        var path = DecoderTools.Find(Program)
            ?? throw new FrameSourceException(Description, $"decoder missing: {Program} is not on the PATH; {DecoderTools.InstallHint(Program)}", transient: false);
        var header = new OutputHeader();
        var log = new StderrLog(_logger, _time, Description, Program);
        ChildProcess child;
        try
        {
            child = ChildProcess.Start(path, _command.Arguments, _command.Input, line =>
            {
                header.Read(line);
                log.Write(line);
            });
        }
        catch (Win32Exception ex)
        {
            throw new FrameSourceException(Description, $"decoder missing: {path} could not be started ({ex.Message}); {DecoderTools.InstallHint(Program)}", transient: false, ex);
        }

        _child = child;
        PipedLog.Started(_logger, Description, Program, child.Id, child.OwnGroup ? child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "shared");
        if (!_command.ReportsOutputHeader)
        {
            (_width, _height) = (_command.Width, _command.Height);
            return new SourceInfo(_width, _height, 0, Program);
        }

        var which = WaitHandle.WaitAny([header.Seen, child.Ended, cancellationToken.WaitHandle], _openTimeout);
        if (which == 0)
        {
            (_width, _height) = (header.Width, header.Height);
            return new SourceInfo(_width, _height, header.Fps, Program);
        }

        var error = which switch
        {
            WaitHandle.WaitTimeout => new FrameSourceException(Description, $"{Program} opened no video within {_openTimeout.TotalSeconds:0.#} s (OpenTimeout); {_command.Hint}", transient: true),
            1 => Failed(child),
            _ => null,
        };
        Close();
        cancellationToken.ThrowIfCancellationRequested();
        throw error!;
    }

    public unsafe bool Read(Mat into, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(into);
        cancellationToken.ThrowIfCancellationRequested();
        var child = _child ?? throw new InvalidOperationException($"source {Description} is not open");
        into.Create(_height, _width, MatType.CV_8UC3);
        if (!into.IsContinuous()) throw new ArgumentException("the frame must own continuous pixels (not a region of another Mat)", nameof(into));
        var length = checked(_width * _height * 3);
        var pixels = new Span<byte>((void*)into.Data, length);
        var read = 0;
        using (cancellationToken.Register(static c => ((ChildProcess)c!).Abort(), child))
        {
            try
            {
                while (read < length)
                {
                    var n = child.Output.Read(pixels[read..]);
                    if (n == 0) break;
                    read += n;
                }
            }
            catch (IOException)
            {
                // the pipe broke: cut by an abort, or the process died; said below
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (read == length) return true;
        if (read == 0 && !IsLive && child.WaitForExit(ExitWait) && child.ExitCode == 0) return false;
        throw Failed(child);
    }

    public void Close()
    {
        var child = Interlocked.Exchange(ref _child, null);
        if (child is null) return;
        var started = Stopwatch.GetTimestamp();
        if (child.Stop()) PipedLog.Killed(_logger, Description, Program, child.Id, Stopwatch.GetElapsedTime(started).TotalSeconds);
        child.Dispose();
    }

    public void Dispose() => Close();

    private FrameSourceException Failed(ChildProcess child)
    {
        child.WaitForExit(ExitWait);
        child.Ended.WaitOne(ExitWait);
        var failure = DecoderFailure.From(Program, child.Tail, child.ExitCode);
        PipedLog.Exited(_logger, Description, Program, child.Id, failure.Cause, failure.Problem);
        PipelineMetrics.DecoderExits.Add(1, new("camera", _camera), new("decoder", Program), new("cause", failure.Cause));
        return new FrameSourceException(Description, $"{failure.Problem}; {_command.Hint}", failure.Transient);
    }
}
