using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DeepSeek.Edge.Testing;
using DeepSeek.Edge.Testing.Broker;

namespace DeepSeek.Edge.FleetBench;

/// <summary>
/// One <c>ds-fleet serve</c> process (the Release build of fleet/DeepSeek.Edge.Fleet) on a config in a temp data directory, logged in
/// as admin; its resident set sampled from <c>/proc/PID/status</c>. Stopped by its PID (SIGKILL) on Dispose.
/// </summary>
internal sealed class FleetServer : IDisposable
{
    public const string AdminPassword = "bench-admin-password-1";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private FleetServer(Process process, string listen, string name)
    {
        _process = process;
        Name = name;
        Http = new HttpClient { BaseAddress = new Uri(listen), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Name { get; }

    public HttpClient Http { get; }

    public int Pid => _process.Id;

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>This checkout's Release build of <c>ds-fleet</c>.</summary>
    public static string ThisBuild => Path.Combine(TestAssets.RepoRoot, "fleet", "DeepSeek.Edge.Fleet", "bin", "Release", "net10.0", "ds-fleet");

    /// <summary>
    /// Starts a replica (<paramref name="executable"/>, or <see cref="ThisBuild"/>) on <paramref name="data"/> with <paramref name="database"/>
    /// (null: SQLite <c>fleet.db</c> there) and waits until it is connected and logged in.
    /// </summary>
    public static async Task<FleetServer> StartAsync(string name, MosquittoBroker broker, TempDirectory data, string? database, string? executable = null)
    {
        executable ??= ThisBuild;
        if (!File.Exists(executable)) throw new FileNotFoundException($"{executable} is missing: dotnet build fleet/DeepSeek.Edge.Fleet -c Release (in that checkout)");
        var password = data.File("admin-password");
        File.WriteAllText(password, AdminPassword);
        var listen = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}");
        var settings = new Dictionary<string, object>
        {
            ["DataDirectory"] = data.Path,
            ["Listen"] = listen,
            ["Broker"] = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{broker.Port}"),
            ["ClientId"] = "ds-fleet-bench-" + name,
            ["AdminPasswordFile"] = password,
        };
        if (database is not null) settings["Database"] = database;
        var config = data.File($"fleet-{name}.json");
        File.WriteAllText(config, JsonSerializer.Serialize(settings));
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "serve", "--config", config }) info.ArgumentList.Add(arg);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var server = new FleetServer(Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}"), listen, name);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.LogInAsync();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>VmRSS and VmHWM (peak resident set) of the process, bytes.</summary>
    public (long Rss, long PeakRss) Memory()
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines(string.Create(CultureInfo.InvariantCulture, $"/proc/{Pid}/status")))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line);
        }

        return (rss, peak);
    }

    /// <summary>CPU time the process has used so far (user + system, from <c>/proc/PID/stat</c>), seconds.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{Pid}/stat"));
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0; // USER_HZ
    }

    /// <summary>One sample of a <c>/metrics</c> series (summed over the lines that match its name and label text), or 0.</summary>
    public async Task<double> MetricAsync(string name, string labels = "")
    {
        var text = await Http.GetStringAsync("/metrics");
        double sum = 0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || (line.Length > name.Length && line[name.Length] is not ('{' or ' '))) continue;
            if (labels.Length > 0 && !line.Contains(labels, StringComparison.Ordinal)) continue;
            sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }

        return sum;
    }

    public void Dispose()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task LogInAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"ds-fleet {Name} exited with {_process.ExitCode}: {Output}");
            try
            {
                using var health = await Http.GetAsync("/healthz");
                using var doc = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
                if (doc.RootElement.GetProperty("mqtt_connected").GetBoolean()) break;
            }
            catch (HttpRequestException)
            {
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"ds-fleet {Name} did not come up: {Output}");
            await Task.Delay(100);
        }

        using var login = await Http.PostAsJsonAsync("/api/login", new { name = "admin", password = AdminPassword });
        if (!login.IsSuccessStatusCode) throw new InvalidOperationException($"ds-fleet {Name}: login refused: {await login.Content.ReadAsStringAsync()}");
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ds_fleet_session=", StringComparison.Ordinal));
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cookie["ds_fleet_session=".Length..].Split(';')[0]);
    }
}
