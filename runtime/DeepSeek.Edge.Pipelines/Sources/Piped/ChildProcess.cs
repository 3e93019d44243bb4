using System.Diagnostics;

namespace DeepSeek.Edge.Pipelines.Sources.Piped;

/// <summary>
/// One decoder process, started in a session of its own (<c>setsid</c>) so that it leads a process group, and stopped by
/// that group: SIGTERM, then SIGKILL after <see cref="StopGrace"/>. Its stdout is the frame pipe; its stderr is read on a
/// thread of its own, each line (credentials removed) handed to a callback and kept in a short tail for error messages.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);
    private const int TailLines = 20;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly ManualResetEventSlim _stderrClosed = new();
    private readonly Action<string> _onLine;
    private int _stopping;

    private ChildProcess(Process process, bool ownGroup, Action<string> onLine)
    {
        _process = process;
        OwnGroup = ownGroup;
        _onLine = onLine;
        Id = process.Id;
    }

    public int Id { get; }

    /// <summary>Whether the process leads its own process group (started through setsid).</summary>
    public bool OwnGroup { get; }

    /// <summary>The raw frames.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>Set when stderr closed: the process has exited (or is about to).</summary>
    public WaitHandle Ended => _stderrClosed.WaitHandle;

    /// <summary>Whether <see cref="Stop"/> or <see cref="Abort"/> was called: an exit after that was asked for.</summary>
    public bool StopRequested => Volatile.Read(ref _stopping) != 0;

    public IReadOnlyList<string> Tail
    {
        get
        {
            lock (_tail) return _tail.ToArray();
        }
    }

    /// <summary>Starts <paramref name="program"/> (a full path); writes <paramref name="input"/> to its stdin and closes it.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be started.</exception>
    public static ChildProcess Start(string program, IReadOnlyList<string> arguments, string? input, Action<string> onLine)
    {
        var setsid = DecoderTools.Find(DecoderTools.Setsid);
        var info = new ProcessStartInfo(setsid ?? program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (setsid is not null) info.ArgumentList.Add(program);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var child = new ChildProcess(process, setsid is not null, onLine);
        new Thread(child.PumpStderr) { IsBackground = true, Name = $"stderr {Path.GetFileName(program)} {process.Id}" }.Start();
        try
        {
            if (input is not null) process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // it exited before reading its input; its stderr says why
        }

        return child;
    }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Kills the process group at once, without waiting (safe from any thread: aborts a blocked read of <see cref="Output"/>).</summary>
    public void Abort()
    {
        Interlocked.Exchange(ref _stopping, 1);
        Signal(Signals.Kill);
    }

    /// <summary>SIGTERM to the group, SIGKILL after <see cref="StopGrace"/>; true when it needed the SIGKILL.</summary>
    public bool Stop()
    {
        Interlocked.Exchange(ref _stopping, 1);
        if (_process.HasExited) return false;
        Signal(Signals.Terminate);
        if (_process.WaitForExit(StopGrace)) return false;
        Signal(Signals.Kill);
        _process.WaitForExit(StopGrace);
        return true;
    }

    public void Dispose()
    {
        if (!_process.HasExited) Stop();
        _stderrClosed.Wait(StopGrace);
        _process.Dispose();
        _stderrClosed.Dispose();
    }

    private void Signal(int signal)
    {
        try
        {
            if (!_process.HasExited) Signals.Send(Id, signal, OwnGroup);
        }
        catch (InvalidOperationException)
        {
            // disposed or never started: nothing to signal
        }
    }

    private void PumpStderr()
    {
        try
        {
            while (_process.StandardError.ReadLine() is { } raw)
            {
                var line = SecretRedaction.Redact(raw)!;
                lock (_tail)
                {
                    _tail.Enqueue(line);
                    if (_tail.Count > TailLines) _tail.Dequeue();
                }

                _onLine(line);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // the pipe broke with the process
        }
        finally
        {
            try
            {
                _stderrClosed.Set();
            }
            catch (ObjectDisposedException)
            {
                // disposed after its grace period
            }
        }
    }
}
