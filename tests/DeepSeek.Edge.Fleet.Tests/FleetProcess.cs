using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>
/// <c>ds-fleet serve</c> as a real process (the executable the fleet project builds), on a config file in its data directory;
/// logged in as admin. <see cref="Kill"/> sends SIGKILL to its PID; disposing stops it the same way if it still runs.
/// </summary>
public sealed class FleetProcess : IFleetApi, IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private FleetProcess(Process process, string listen)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri(listen) };
    }

    public HttpClient Http { get; }

    public int Pid => _process.Id;

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>The built <c>ds-fleet</c> of the same configuration (Release, Debug) as the tests.</summary>
    public static string Executable
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
            var path = Path.Combine(TestAssets.RepoRoot, "fleet", "DeepSeek.Edge.Fleet", "bin", configuration, "net10.0", "ds-fleet");
            return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build fleet/DeepSeek.Edge.Fleet -c {configuration}");
        }
    }

    /// <summary>
    /// Starts it on <paramref name="data"/> (writing its config, <paramref name="configName"/>, there the first time: a replica
    /// sharing the data directory names its own) and waits until it answers and is logged in. <paramref name="database"/>:
    /// a PostgreSQL connection string, else SQLite in the data directory.
    /// </summary>
    public static async Task<FleetProcess> StartAsync(MosquittoBroker broker, string trustedKey, TempDirectory data, string? database = null, string configName = "fleet.json")
    {
        var config = data.File(configName);
        if (!File.Exists(config))
        {
            File.WriteAllText(data.File("admin-password"), FleetConsole.AdminPassword);
            File.WriteAllText(config, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["DataDirectory"] = data.Path,
                ["Listen"] = $"http://127.0.0.1:{FreePort.Next()}",
                ["Broker"] = $"127.0.0.1:{broker.Port}",
                ["ClientId"] = "ds-fleet-process-" + Guid.NewGuid().ToString("N")[..8],
                ["TrustedKeys"] = new[] { trustedKey },
                ["TickSeconds"] = 0.5,
                ["AdminPasswordFile"] = data.File("admin-password"),
                ["Database"] = database ?? "",
            }));
        }

        var listen = JsonDocument.Parse(File.ReadAllText(config)).RootElement.GetProperty("Listen").GetString()!;
        var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "serve", "--config", config }) info.ArgumentList.Add(arg);
        var fleet = new FleetProcess(Process.Start(info)!, listen);
        fleet._process.OutputDataReceived += (_, e) => fleet.Append(e.Data);
        fleet._process.ErrorDataReceived += (_, e) => fleet.Append(e.Data);
        fleet._process.BeginOutputReadLine();
        fleet._process.BeginErrorReadLine();
        try
        {
            await fleet.LogInAsync();
        }
        catch
        {
            fleet.Dispose();
            throw;
        }

        return fleet;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task LogInAsync()
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Wait;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"ds-fleet exited with {_process.ExitCode}: {Output}");
            try
            {
                using var health = await Http.GetAsync("/healthz");
                using var doc = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
                if (doc.RootElement.GetProperty("mqtt_connected").GetBoolean()) break;
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"ds-fleet did not come up: {Output}");
            await Task.Delay(100);
        }

        using var login = await Http.PostAsJsonAsync("/api/login", new { name = "admin", password = FleetConsole.AdminPassword });
        Assert.True(login.IsSuccessStatusCode, await login.Content.ReadAsStringAsync());
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ds_fleet_session=", StringComparison.Ordinal));
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cookie["ds_fleet_session=".Length..].Split(';')[0]);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>SIGKILL by PID: no shutdown, no flush; returns the exit code (137).</summary>
    public int Kill()
    {
        _process.Kill();
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Http.Dispose();
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
