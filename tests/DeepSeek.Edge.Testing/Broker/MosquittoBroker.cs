using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DeepSeek.Edge.Testing.Broker;

/// <summary>
/// A real mosquitto on a free loopback port with its config, log and nothing else in a temp directory (no persistence unless
/// asked for: then retained messages and sessions are saved there every second and survive a kill).
/// Stopped by PID on <see cref="Stop"/> and on Dispose, also when the test fails.
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    private readonly TempDirectory _directory = new("dsedge-mosquitto");
    private readonly MosquittoTls? _tls;
    private readonly string? _acl;
    private readonly bool _persistent;
    private Process? _process;

    private MosquittoBroker(MosquittoTls? tls, string? acl, bool persistent)
    {
        _tls = tls;
        _acl = acl;
        _persistent = persistent;
    }

    public int Port { get; private set; }

    public string ConfigPath => _directory.File("mosquitto.conf");

    public string LogPath => _directory.File("mosquitto.log");

    public bool IsRunning => _process is { HasExited: false };

    /// <param name="tls">TLS for the listener, or plain MQTT.</param>
    /// <param name="acl">Contents of an ACL file (mosquitto syntax), or none (everything allowed).</param>
    /// <param name="persistent">Save retained messages and sessions to disk every second.</param>
    public static MosquittoBroker Start(MosquittoTls? tls = null, string? acl = null, bool persistent = false)
    {
        var broker = new MosquittoBroker(tls, acl, persistent);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                broker.Port = FreePort.Next();
                broker.WriteConfig();
                if (broker.TryLaunch()) return broker;
                if (attempt == 3) throw new InvalidOperationException($"mosquitto did not start: {broker.Log()}");
            }
        }
        catch
        {
            broker.Dispose();
            throw;
        }
    }

    /// <summary>Starts it again on the same port (after <see cref="Stop"/>).</summary>
    public void StartAgain()
    {
        if (IsRunning) return;
        for (var attempt = 1; !TryLaunch(); attempt++)
        {
            if (attempt == 5) throw new InvalidOperationException($"mosquitto did not start again on port {Port}: {Log()}");
            Thread.Sleep(200);
        }
    }

    /// <summary>Kills the broker by its PID (SIGKILL, like a crash) and waits for it to exit.</summary>
    public void Stop()
    {
        var process = _process;
        _process = null;
        if (process is null) return;
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Rewrites the ACL file and makes the running broker reload it (SIGHUP), as an operator fixing an ACL does.</summary>
    public void ReloadAcl(string acl)
    {
        if (_acl is null) throw new InvalidOperationException("this broker was started without an ACL file");
        File.WriteAllText(_directory.File("acl"), acl);
        if (_process is not { HasExited: false } process) return;
        using var hup = Process.Start("kill", ["-HUP", process.Id.ToString(CultureInfo.InvariantCulture)]) ?? throw new InvalidOperationException("could not run kill");
        hup.WaitForExit();
    }

    public string Log() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no log)";

    public void Dispose()
    {
        Stop();
        _directory.Dispose();
    }

    private void WriteConfig()
    {
        var c = new StringBuilder();
        c.AppendLine("per_listener_settings false");
        c.AppendLine(_tls is { UseIdentityAsUsername: true } ? "allow_anonymous false" : "allow_anonymous true");
        c.AppendLine("max_queued_messages 100000");
        if (_persistent)
        {
            c.AppendLine("persistence true");
            c.AppendLine(CultureInfo.InvariantCulture, $"persistence_location {_directory.Path}/");
            c.AppendLine("autosave_interval 1");
        }
        else
        {
            c.AppendLine("persistence false");
        }

        if (Environment.UserName == "root") c.AppendLine("user root");
        c.AppendLine(CultureInfo.InvariantCulture, $"log_dest file {LogPath}");
        c.AppendLine("log_type error warning notice information");
        if (_acl is not null)
        {
            File.WriteAllText(_directory.File("acl"), _acl);
            c.AppendLine(CultureInfo.InvariantCulture, $"acl_file {_directory.File("acl")}");
        }

        c.AppendLine(CultureInfo.InvariantCulture, $"listener {Port} 127.0.0.1");
        if (_tls is not null)
        {
            c.AppendLine(CultureInfo.InvariantCulture, $"cafile {_tls.CaFile}");
            c.AppendLine(CultureInfo.InvariantCulture, $"certfile {_tls.CertFile}");
            c.AppendLine(CultureInfo.InvariantCulture, $"keyfile {_tls.KeyFile}");
            c.AppendLine(_tls.RequireClientCertificate ? "require_certificate true" : "require_certificate false");
            if (_tls.UseIdentityAsUsername) c.AppendLine("use_identity_as_username true");
        }

        File.WriteAllText(ConfigPath, c.ToString());
    }

    private bool TryLaunch()
    {
        var process = Process.Start(new ProcessStartInfo("mosquitto", ["-c", ConfigPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start mosquitto (is it installed? packaging/dev/setup.sh installs it)");
        _process = process;

        // Its own warnings (e.g. about running as root) are read and dropped; the log file has what matters.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TestTimeouts.Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                Stop();
                return false;
            }

            if (FreePort.IsListening(Port)) return true;
            Thread.Sleep(20);
        }

        Stop();
        throw new TimeoutException($"mosquitto did not listen on port {Port} within {TestTimeouts.Wait}: {Log()}");
    }
}
