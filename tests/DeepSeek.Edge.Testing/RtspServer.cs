using System.Diagnostics;

namespace DeepSeek.Edge.Testing;

/// <summary>
/// The GStreamer RTSP server (tests/rtsp/serve_rtsp.py) serving a sample video on 127.0.0.1 at /h264 and /mjpeg,
/// optionally behind basic or digest authentication; killed by PID and started again on the same port.
/// </summary>
public sealed class RtspServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly string _video;
    private readonly string? _user;
    private readonly string? _password;
    private readonly RtspAuthentication _authentication;
    private Process? _process;

    /// <summary>With <paramref name="user"/> every mount needs that user and <paramref name="password"/>, asked for the <paramref name="authentication"/> way.</summary>
    public RtspServer(string video, string? user = null, string? password = null, RtspAuthentication authentication = RtspAuthentication.Basic)
    {
        _video = video;
        _user = user;
        _password = password;
        _authentication = authentication;
        Port = Broker.FreePort.Next();
    }

    public int Port { get; }

    /// <summary>The stream's URL; with <paramref name="user"/> and <paramref name="password"/> in it when given.</summary>
    public string Url(string mount, string? user = null, string? password = null) =>
        user is null ? $"rtsp://127.0.0.1:{Port}/{mount}" : $"rtsp://{user}:{password}@127.0.0.1:{Port}/{mount}";

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(TestAssets.RepoRoot, "tests", "rtsp", "serve_rtsp.py"), "--file", _video, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(a);
        if (_user is not null)
        {
            info.ArgumentList.Add("--user");
            info.ArgumentList.Add(_user);
            info.ArgumentList.Add("--password");
            info.ArgumentList.Add(_password ?? "");
            info.ArgumentList.Add("--auth");
            info.ArgumentList.Add(_authentication == RtspAuthentication.Digest ? "digest" : "basic");
        }

        var process = Process.Start(info)!;
        _process = process;
        var errors = process.StandardError.ReadToEndAsync();
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (ready is null || !ready.StartsWith("ready", StringComparison.Ordinal))
        {
            await StopAsync();
            throw new InvalidOperationException($"the RTSP server did not start: {await errors}");
        }
    }

    /// <summary>Kills the server (every session is cut at once).</summary>
    public async Task StopAsync()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null) return;
        if (!process.HasExited) process.Kill();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        process.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
