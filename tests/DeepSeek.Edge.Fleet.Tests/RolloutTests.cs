using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Fleet.Simulation;
using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>Staged rollouts over simulated devices on a real mosquitto: waves complete, a bad wave aborts by itself and reverts.</summary>
public sealed class RolloutTests : IAsyncLifetime
{
    private const string Model = "blazeface-front";
    private readonly TempDirectory _work = new("dsfleet-rollout");
    private readonly SigningKey _key = SigningKey.Generate();
    private MosquittoBroker? _broker;

    public Task InitializeAsync()
    {
        File.WriteAllText(_work.File("public.pem"), _key.ExportPublicKeyPem());
        foreach (var version in new[] { "1.0.0", "2.0.0" })
        {
            var dir = Directory.CreateDirectory(_work.File("src-" + version)).FullName;
            File.Copy(Path.Combine(TestAssets.BlazeFaceFront, "model.onnx"), Path.Combine(dir, "model.onnx"));
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(TestAssets.BlazeFaceFront, "manifest.json")))!.AsObject();
            manifest["version"] = version;
            File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString());
            ModelPackager.Pack(Path.Combine(dir, "manifest.json"), _work.File($"{version}.zip"), _key);
        }

        _broker = MosquittoBroker.Start();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _broker?.Dispose();
        _key.Dispose();
        _work.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Rollout_InThreeWaves_CompletesAcrossAConsoleRestart_AndLeavesOnlyTheGroupDocument()
    {
        using var data = new TempDirectory("dsfleet-data");
        var console = await StartConsoleAsync(data);
        var devices = await StartDevicesAsync(20, failing: _ => false);
        try
        {
            await WaitForDevicesAsync(console, 20);
            var id = await StartRolloutAsync(console, new { model = Model, version = "2.0.0", group = "lobby", waves = new object[] { 1, "50%", "100%" }, soak_s = 1, apply_timeout_s = 60 });
            await UntilAsync(console, id, r => r.GetProperty("rollout").GetProperty("wave").GetInt64() >= 1, "wave 1 done");

            await console.DisposeAsync(); // a console restart mid-rollout: the tick carries on over the database
            console = await StartConsoleAsync(data);
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

    [Fact]
    public async Task Rollout_WhoseSecondWaveFails_AbortsByItself_AndEveryTouchedDeviceRunsTheOldVersionAgain()
    {
        using var data = new TempDirectory("dsfleet-data");
        await using var console = await StartConsoleAsync(data);
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

    private async Task<FleetConsole> StartConsoleAsync(TempDirectory data)
    {
        var console = await FleetConsole.StartAsync(_broker!, [_work.File("public.pem")], data);
        foreach (var version in new[] { "1.0.0", "2.0.0" })
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(_work.File($"{version}.zip"))), "package", $"{version}.zip" } };
            using var upload = await console.Http.PostAsync("/api/models", form);
            Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        }

        using var set = await console.Http.PutAsJsonAsync("/api/desired/group/lobby", new { models = new[] { new { name = Model, version = "1.0.0" } } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
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
