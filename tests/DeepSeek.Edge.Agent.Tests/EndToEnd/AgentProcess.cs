using System.Diagnostics;
using System.Text;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>The real <c>ds-edge agent</c> in a child process, so a test can kill -9 it. Always stopped by its PID.</summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AgentProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit status, or null while it runs.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <param name="installDirectory">Where ds-edge.dll is (default: next to the tests).</param>
    public static AgentProcess Start(string configPath, IReadOnlyDictionary<string, string>? environment = null, string? installDirectory = null)
    {
        var dll = Path.Combine(installDirectory ?? AppContext.BaseDirectory, "ds-edge.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("agent");
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(configPath);
        return new AgentProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start ds-edge"));
    }

    /// <summary>SIGKILL: no shutdown code runs, like a crash or an OOM kill.</summary>
    public void KillHard()
    {
        if (_process.HasExited) return;
        _process.Kill();
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM, as systemd stops the service; SIGKILL if it has not exited in time.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            KillHard();
        }
    }

    public void Dispose()
    {
        KillHard();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
