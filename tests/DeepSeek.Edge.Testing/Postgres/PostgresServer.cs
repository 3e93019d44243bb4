using System.Diagnostics;
using System.Globalization;
using DeepSeek.Edge.Testing.Broker;

namespace DeepSeek.Edge.Testing.Postgres;

/// <summary>
/// A real PostgreSQL from Debian's <c>postgresql</c> package: <c>initdb</c> into a temp directory as an unprivileged user (the
/// <c>postgres</c> system user when the tests run as root, through <c>setpriv</c> so the PID is the server's own), then
/// <c>postgres</c> on a free loopback port with its socket in the same directory, waited for with <c>pg_isready</c>.
/// Durability is off (a test server). Stopped by PID (fast shutdown, then SIGKILL) and its directory deleted on Dispose.
/// One per test run (an xunit collection fixture); <see cref="CreateDatabase"/> gives each test its own database.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly TempDirectory _directory = new("dsedge-postgres");
    private readonly string _bin;
    private readonly string? _runAs;
    private Process? _process;
    private int _databases;

    public PostgresServer()
    {
        _bin = FindBin();
        _runAs = Environment.UserName == "root" ? "postgres" : null;
        try
        {
            if (_runAs is not null) Run("chown", ["-R", $"{_runAs}:{_runAs}", _directory.Path]);
            RunAs(Path.Combine(_bin, "initdb"), ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]);
            for (var attempt = 1; ; attempt++)
            {
                Port = FreePort.Next();
                if (TryStart()) break;
                if (attempt == 3) throw new InvalidOperationException($"postgres did not start: {Log()}");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Port { get; private set; }

    public string DataDirectory => _directory.File("data");

    public string LogPath => _directory.File("postgres.log");

    /// <summary>An Npgsql connection string for a database of this server.</summary>
    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=15";

    /// <summary>A new empty database (<c>test_1</c>, <c>test_2</c>, …); returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = "test_" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture);
        Run(Path.Combine(_bin, "createdb"), ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", name]);
        return ConnectionString(name);
    }

    public string Log() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no log)";

    public void Dispose()
    {
        var process = _process;
        _process = null;
        if (process is not null)
        {
            try
            {
                if (!process.HasExited)
                {
                    Signal(process.Id, "INT"); // fast shutdown: disconnects sessions, stops the children
                    if (!process.WaitForExit(10_000)) process.Kill();
                    process.WaitForExit(); // and its output read to the end
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

        _directory.Dispose();
    }

    private bool TryStart()
    {
        var args = new List<string>
        {
            Path.Combine(_bin, "postgres"), "-D", DataDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", _directory.Path,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=300", "-c", "logging_collector=off",
        };
        var start = new ProcessStartInfo(_runAs is null ? args[0] : "setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (_runAs is not null)
        {
            foreach (var a in new[] { $"--reuid={_runAs}", $"--regid={_runAs}", "--init-groups", "--" }) start.ArgumentList.Add(a);
            start.ArgumentList.Add(args[0]);
        }

        foreach (var a in args.Skip(1)) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start postgres");
        _process = process;
        process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TestTimeouts.Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                _process = null;
                process.Dispose();
                return false;
            }

            if (Ready()) return true;
            Thread.Sleep(50);
        }

        throw new TimeoutException($"postgres did not accept connections on port {Port} within {TestTimeouts.Wait}: {Log()}");
    }

    /// <summary>The server's own output, kept for a failure message; lines that come after the directory is gone are dropped.</summary>
    private void AppendLog(string? line)
    {
        if (line is null) return;
        lock (_directory)
        {
            try
            {
                File.AppendAllText(LogPath, line + "\n");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private bool Ready()
    {
        using var ready = Process.Start(new ProcessStartInfo(Path.Combine(_bin, "pg_isready"), ["-q", "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture)])
            { UseShellExecute = false }) ?? throw new InvalidOperationException("could not run pg_isready");
        ready.WaitForExit();
        return ready.ExitCode == 0;
    }

    private void RunAs(string file, IEnumerable<string> args)
    {
        if (_runAs is null) Run(file, args);
        else Run("setpriv", new[] { $"--reuid={_runAs}", $"--regid={_runAs}", "--init-groups", "--", file }.Concat(args));
    }

    private static void Run(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(file)} exited {process.ExitCode}: {error}{output.Result}");
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]) ?? throw new InvalidOperationException("could not run kill");
        kill.WaitForExit();
    }

    private static string FindBin()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/postgres): packaging/dev/setup.sh installs Debian's postgresql");
    }
}
