using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeepSeek.Edge.Fleet.Simulation;
using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>Staged rollouts over simulated devices on a real mosquitto: waves complete, a bad wave aborts by itself and reverts.</summary>
[Collection(StorageEngines.Name)]
public sealed class RolloutTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Model = SignedModels.Model;
    private readonly SignedModels _models = new();
    private MosquittoBroker? _broker;

    public Task InitializeAsync()
    {
        _broker = MosquittoBroker.Start();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _broker?.Dispose();
        _models.Dispose();
        return Task.CompletedTask;
    }

    [Theory, MemberData(nameof(StorageEngines.Both), MemberType = typeof(StorageEngines))]
    public async Task Rollout_InThreeWaves_CompletesAcrossAConsoleRestart_AndLeavesOnlyTheGroupDocument(string engine)
    {
        using var data = new TempDirectory("dsfleet-data");
        var database = StorageEngines.Database(engine, postgres);
        var console = await StartConsoleAsync(data, database);
        var devices = await StartDevicesAsync(20, failing: _ => false);
        try
        {
            await WaitForDevicesAsync(console, 20);
            var id = await StartRolloutAsync(console, new { model = Model, version = "2.0.0", group = "lobby", waves = new object[] { 1, "50%", "100%" }, soak_s = 1, apply_timeout_s = 60 });
            await UntilAsync(console, id, r => r.GetProperty("rollout").GetProperty("wave").GetInt64() >= 1, "wave 1 done");

            await console.DisposeAsync(); // a console restart mid-rollout: the tick carries on over the database
            console = await StartConsoleAsync(data, database);
            var done = await UntilAsync(console, id, r => r.GetProperty("rollout").GetProperty("state").GetString() == "completed", "the rollout completed");

            Assert.All(devices, d => Assert.Equal("2.0.0", d.Version));
            var states = done.GetProperty("devices").EnumerateArray().ToList();
            Assert.Equal(20, states.Count);
            Assert.All(states, d => Assert.Equal("healthy", d.GetProperty("state").GetString()));
            Assert.Equal([1, 9, 10], states.GroupBy(d => d.GetProperty("wave").GetInt64()).OrderBy(g => g.Key).Select(g => g.Count()));
            var desired = (await console.GetJsonAsync("/api/desired")).EnumerateArray().ToList();
            var group = Assert.Single(desired, d => d.GetProperty("scope").GetString() == "group");
            Assert.Equal("2.0.0", DesiredStateDocument.Parse(System.Text.Encoding.UTF8.GetBytes(group.GetProperty("payload").GetString()!)).Models.Single().Version);
            Assert.All(desired.Where(d => d.GetProperty("scope").GetString() == "device"), d => Assert.Equal(JsonValueKind.Null, d.GetProperty("payload").ValueKind));
        }
        finally
        {
            foreach (var d in devices) await d.DisposeAsync();
            await console.DisposeAsync();
        }
    }

    [Theory, MemberData(nameof(StorageEngines.Both), MemberType = typeof(StorageEngines))]
    public async Task Rollout_WhoseSecondWaveFails_AbortsByItself_AndEveryTouchedDeviceRunsTheOldVersionAgain(string engine)
    {
        using var data = new TempDirectory("dsfleet-data");
        await using var console = await StartConsoleAsync(data, StorageEngines.Database(engine, postgres));
        var devices = await StartDevicesAsync(20, failing: i => i is >= 3 and <= 6);
        try
        {
            await WaitForDevicesAsync(console, 20);
            var id = await StartRolloutAsync(console, new { model = Model, version = "2.0.0", group = "lobby", waves = new object[] { 1, "50%", "100%" }, soak_s = 1, apply_timeout_s = 60, max_failure_pct = 20 });
            var done = await UntilAsync(console, id, r => r.GetProperty("rollout").GetProperty("state").GetString() == "aborted", "the rollout aborted by itself");

            Assert.Contains("wave 2:", done.GetProperty("rollout").GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Contains("rolled-back", done.GetProperty("rollout").GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.All(devices, d => Assert.Equal("1.0.0", d.Version));
            var states = done.GetProperty("devices").EnumerateArray().ToDictionary(d => d.GetProperty("device").GetString()!, d => d.GetProperty("state").GetString());
            Assert.Equal(10, states.Values.Count(s => s == "skipped"));
            Assert.Equal(10, states.Values.Count(s => s == "reverted"));
        }
        finally
        {
            foreach (var d in devices) await d.DisposeAsync();
        }
    }

    private async Task<FleetConsole> StartConsoleAsync(TempDirectory data, string? database)
    {
        var console = await FleetConsole.StartAsync(_broker!, [_models.PublicKey], data, database);
        await _models.RegisterAsync(console);
        return console;
    }

    private async Task<List<SimulatedDevice>> StartDevicesAsync(int count, Func<int, bool> failing)
    {
        var devices = new List<SimulatedDevice>();
        for (var i = 0; i < count; i++)
        {
            var device = new SimulatedDevice("dsedge", $"sim-{i:00}", "lobby", Model, "1.0.0", failing(i) ? new HashSet<string> { "2.0.0" } : null);
            await device.StartAsync("127.0.0.1", _broker!.Port, TimeSpan.FromMilliseconds(500), CancellationToken.None);
            devices.Add(device);
        }

        return devices;
    }

    private static async Task WaitForDevicesAsync(FleetConsole console, int count)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Wait;
        while ((await console.GetJsonAsync($"/api/devices?status=online&group=lobby&model={Model}@1.0.0")).GetProperty("total").GetInt64() < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{count} devices did not show up");
            await Task.Delay(100);
        }
    }

    private static async Task<long> StartRolloutAsync(FleetConsole console, object request)
    {
        using var response = await console.Http.PostAsJsonAsync("/api/rollouts", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    private static async Task<JsonElement> UntilAsync(FleetConsole console, long id, Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var rollout = await console.GetJsonAsync($"/api/rollouts/{id}");
            if (condition(rollout)) return rollout;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited for {what}: {rollout}");
            await Task.Delay(200);
        }
    }
}
