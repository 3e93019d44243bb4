using System.Diagnostics;

namespace DeepSeek.Edge.Models.Tests.Support;

/// <summary>Runs <see cref="ChildProcess"/> in a separate process (this test assembly under <c>dotnet</c>) and kills it with SIGKILL.</summary>
internal sealed class ChildRun : IDisposable
{
    private readonly Process _process;

    private ChildRun(Process process) => _process = process;

    public static ChildRun Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var a in args) info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the child process");
        var run = new ChildRun(process);
        var line = process.StandardOutput.ReadLine();
        if (line != ChildProcess.Ready)
            throw new InvalidOperationException($"child process did not start: {line} {process.StandardError.ReadToEnd()}");
        return run;
    }

    /// <summary>Runs to the end; returns the exit code and whether it printed "done".</summary>
    public (int ExitCode, bool Done, string Error) WaitForExit()
    {
        var output = _process.StandardOutput.ReadToEnd();
        var error = _process.StandardError.ReadToEnd();
        _process.WaitForExit();
        return (_process.ExitCode, output.Contains(ChildProcess.Done, StringComparison.Ordinal), error);
    }

    /// <summary>SIGKILL after <paramref name="delay"/>: no finally block, no flush, no clean-up in the child runs.</summary>
    public bool KillAfter(TimeSpan delay)
    {
        var exited = _process.WaitForExit(delay);
        if (!exited) _process.Kill();
        _process.WaitForExit();
        return !exited;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }
}
