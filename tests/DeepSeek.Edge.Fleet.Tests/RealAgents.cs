using System.Diagnostics;
using System.Globalization;
using DeepSeek.Edge.Testing;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>Real <c>ds-edge</c> processes, as built next to this repository (CI builds the solution before testing).</summary>
internal static class RealAgents
{
    public static string DsEdge
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // …/bin/<Configuration>/net10.0/
            var dll = Path.Combine(TestAssets.RepoRoot, "agent", "DeepSeek.Edge.Agent", "bin", configuration, "net10.0", "ds-edge.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: build the agent (dotnet build agent/DeepSeek.Edge.Agent -c {configuration}) before these tests", dll);
        }
    }

    /// <summary>Starts <c>ds-edge</c> with <paramref name="args"/>; its output goes to the test's, each line prefixed.</summary>
    public static Process Start(ITestOutputHelper output, params string[] args)
    {
        var process = Process.Start(Info(args))!;
        var name = $"ds-edge[{process.Id}]: ";
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Write(output, name + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Write(output, name + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>SIGTERM by PID, as systemd stops the agent; SIGKILL if it has not exited within 20 s.</summary>
    public static async Task StopAsync(Process process)
    {
        using (process)
        {
            if (process.HasExited) return;
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
    }

    /// <summary>Runs <c>ds-edge</c> to completion (2 minutes at most).</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var process = Process.Start(Info(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"ds-edge {string.Join(' ', args)} did not finish");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static ProcessStartInfo Info(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(DsEdge);
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }

    private static void Write(ITestOutputHelper output, string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // a line after the test finished: nobody reads it
        }
    }
}
