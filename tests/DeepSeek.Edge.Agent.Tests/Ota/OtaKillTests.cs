using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Cli.Model;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.EndToEnd;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>
/// The real <c>ds-edge agent</c> process, killed with SIGKILL again and again while it downloads, verifies, stages and
/// activates over-the-air updates (a 16 MiB package, 64 KiB chunks). After every kill: the store is consistent (the camera's
/// pointer names a complete, verified version, the old or the new one); the restarted agent runs the old or the new model,
/// never a broken one; and the download resumes from the chunks already stored.
/// </summary>
public sealed class OtaKillTests(ITestOutputHelper output) : IDisposable
{
    private const int PaddingBytes = 16 << 20;
    private const int KillsPerUpdate = 6; // = Targets.Length
    private static readonly string[] Order = ["downloading", "verifying", "staged", "activating", "active"];

    /// <summary>The state after which each kill of an update comes (or the first later state the run reaches).</summary>
    private static readonly string[] Targets = ["downloading", "downloading", "verifying", "activating", "activating", "activating"];

    private readonly TempDirectory _dir = new("dsedge-ota-kill");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AgentKilledAtRandomPointsOfTwoUpdates_AlwaysRestartsOnTheOldOrTheNewModel_AndResumesTheDownload()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");
        using var broker = MosquittoBroker.Start();
        using var link = new TcpProxy(broker.Port, bytesPerSecond: 8 << 20); // a 16 MiB download lasts about 2 s: long enough to be hit
        using var key = SigningKey.Generate();
        var device = "kill-" + Guid.NewGuid().ToString("N")[..6];
        var config = WriteConfig(device, link.Port, key);
        await using var states = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/models/state");
        await using var events = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/events");
        var kills = new Dictionary<string, int>(StringComparer.Ordinal);
        var running = "1.0.0";
        long resumedBytes = 0;

        foreach (var version in new[] { "1.1.0", "1.2.0" })
        {
            var package = OtaPackages.Repack(_dir.Path, "blazeface-back", version, key, paddingBytes: PaddingBytes);
            await new PublishClient(TimeProvider.System, TextWriter.Null).PublishAsync(
                new PublishRequest(package.Path, "127.0.0.1", broker.Port, "dsedge", device, null, "door", 64 * 1024), CancellationToken.None);
            long storedBeforeKill = 0; // the most any run of this update reported stored before it was killed
            var downloadedBefore = link.BytesToClients;
            for (var kill = 0; ; kill++)
            {
                await DrainAsync(states);
                await DrainAsync(events);
                using var agent = AgentProcess.Start(config);
                try
                {
                    var first = await events.NextAsync();
                    var startedOn = first.Json.GetProperty("model").GetProperty("version").GetString()!;
                    Assert.True(startedOn == running || startedOn == version, $"restarted on {startedOn}; only {running} or {version} are acceptable");
                    if (startedOn == version && ActiveVersion() == version) break; // committed before the last kill

                    var target = kill >= KillsPerUpdate ? "active" : Targets[kill]; // the instant after it is random
                    var reached = await WaitForAsync(states, version, target);
                    if (reached == "active") break;

                    var extra = reached == "activating" ? random.Next(0, 3200) : random.Next(0, 2000); // baseline 1 s + swap + health window 2 s; a download about 2 s
                    await Task.Delay(extra);
                    agent.KillHard();
                    var (atStart, atKill) = DownloadProgress(agent.Output, version);
                    output.WriteLine($"{version}: killed {extra} ms after '{reached}'; this run found {atStart?.ToString() ?? "-"} bytes stored and had stored {atKill?.ToString() ?? "-"} of {package.Size}");
                    if (atStart is { } found)
                    {
                        Assert.True(found >= storedBeforeKill, $"{storedBeforeKill} bytes were stored before a kill but the next run found only {found}");
                        resumedBytes += found;
                    }

                    storedBeforeKill = Math.Max(storedBeforeKill, atKill ?? atStart ?? 0);
                    kills[reached] = kills.GetValueOrDefault(reached) + 1;
                    CheckStore(key, running, version);
                }
                catch
                {
                    output.WriteLine(agent.Output);
                    throw;
                }
            }

            running = version;
            Assert.Equal(version, ActiveVersion());
            var downloaded = link.BytesToClients - downloadedBefore;
            output.WriteLine($"{version}: the device received {downloaded} bytes for a {package.Size}-byte package: {downloaded - package.Size} more (chunks fetched again after kills, the offer, MQTT framing and acknowledgements)");
        }

        output.WriteLine($"bytes found already stored by restarted downloads: {resumedBytes}");
        output.WriteLine("kills by the last state the agent reported: " + string.Join(", ", kills.Select(k => $"{k.Key} {k.Value}")));
        Assert.True(kills.Values.Sum() >= 2 * 3, "the agent was killed during the updates");
    }

    private string StoreDirectory => Path.Combine(_dir.Path, "state", "models");

    private string WriteConfig(string device, int port, SigningKey key)
    {
        var path = AgentConfigFile.Write(_dir.Path, device, port);
        var publicKey = _dir.File("trusted.pem");
        File.WriteAllText(publicKey, key.ExportPublicKeyPem());
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        config["Ota"] = new JsonObject
        {
            ["TrustedKeys"] = new JsonArray(publicKey), ["BaselineWindow"] = "00:00:01", ["HealthWindow"] = "00:00:02",
            ["StallTimeout"] = "00:00:05", ["RetryDelay"] = "00:00:00.5", ["MinFpsRatio"] = 0.25,
        };
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    /// <summary>With the agent dead: the camera's pointer names the old or the new version, and every installed version verifies.</summary>
    private void CheckStore(SigningKey key, string oldVersion, string newVersion)
    {
        using var store = ModelStore.Open(StoreDirectory, Keys(key));
        var active = store.GetActive("door")?.Model.Version;
        Assert.True(active is null || active == oldVersion || active == newVersion, $"the store points the camera at {active}");
        foreach (var installed in store.Versions()) store.Load(installed); // throws when a version directory is incomplete or altered
    }

    /// <summary>The version the store points the camera at, read from the pointer file (the store is the agent's while it runs).</summary>
    private string? ActiveVersion()
    {
        var pointer = Path.Combine(StoreDirectory, StoreLayout.ActiveName, "door.json");
        return File.Exists(pointer) ? JsonDocument.Parse(File.ReadAllBytes(pointer)).RootElement.GetProperty("model").GetProperty("version").GetString() : null;
    }

    private static TrustedKeys Keys(SigningKey key) => TrustedKeys.FromPem(key.ExportPublicKeyPem(), "test key");

    /// <summary>Waits until the update of <paramref name="version"/> reaches <paramref name="target"/> or a later state, and returns that state.</summary>
    private static async Task<string> WaitForAsync(MqttProbe states, string version, string target)
    {
        while (true)
        {
            if (OtaAgent.CameraState((await states.NextAsync()).Json) is not { } door) continue; // a report on a desired-state document only
            if (door.GetProperty("version").GetString() != version) continue;
            var state = door.GetProperty("state").GetString()!;
            Assert.False(state is "failed" or "rolled-back", $"the update {state}: {door}");
            if (Array.IndexOf(Order, state) >= Array.IndexOf(Order, target)) return state;
        }
    }

    /// <summary>From one run's log: the bytes its download found already stored, and the most it reported stored.</summary>
    private static (long? AtStart, long? Stored) DownloadProgress(string log, string version)
    {
        var start = Regex.Match(log, $@"Downloading blazeface-back@{Regex.Escape(version)}: \d+ of \d+ chunks already stored \((\d+) of");
        var stored = Regex.Matches(log, $@"blazeface-back@{Regex.Escape(version)}: downloading (\d+)/").Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        return (start.Success ? long.Parse(start.Groups[1].Value, CultureInfo.InvariantCulture) : null, stored.Any() ? stored.Max() : null);
    }

    private static async Task DrainAsync(MqttProbe probe)
    {
        while (await probe.TryNextAsync(TimeSpan.FromMilliseconds(50)) is not null)
        {
        }
    }
}
