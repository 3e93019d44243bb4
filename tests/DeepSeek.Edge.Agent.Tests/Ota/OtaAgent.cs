using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Cameras;
using DeepSeek.Edge.Agent.Cli.Model;
using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Agent.Ota;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.EndToEnd;
using DeepSeek.Edge.Models.Packaging.Chunks;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>
/// The whole agent in-process with over-the-air updates on (one camera "door" on Megamind.avi running blazeface-back),
/// against a real mosquitto, with a probe on the device's topics and the trainer's publish client.
/// Short windows: 1 s baseline, 2 s health window, 3 s stall timeout, 0.5 s first retry delay.
/// </summary>
internal sealed class OtaAgent : IAsyncDisposable
{
    public const string Camera = "door";

    private readonly string _configPath;
    private IHost? _host;
    private string? _lastCameraState;

    private OtaAgent(MosquittoBroker broker, string directory, string device, string configPath, MqttProbe probe)
    {
        Broker = broker;
        Directory = directory;
        Device = device;
        _configPath = configPath;
        Probe = probe;
    }

    public MosquittoBroker Broker { get; }
    public string Directory { get; }
    public string Device { get; }
    public MqttProbe Probe { get; }
    public string StoreDirectory => Path.Combine(Directory, "state", "models");
    public CameraManager Cameras => _host!.Services.GetRequiredService<CameraManager>();

    /// <summary>Writes the configuration (trusting <paramref name="trusted"/>, with <paramref name="ota"/> overriding the Ota section) and starts the agent.</summary>
    /// <param name="agentPort">Where the agent connects (a proxy in front of the broker), if not the broker itself.</param>
    /// <param name="configuredModel">The camera's configured model directory, if not blazeface-back (a broken one: the camera cannot start).</param>
    public static async Task<OtaAgent> StartAsync(
        MosquittoBroker broker, string directory, SigningKey trusted, JsonObject? ota = null, int? agentPort = null, string? configuredModel = null)
    {
        var device = "ota-" + Guid.NewGuid().ToString("N")[..6];
        var configPath = AgentConfigFile.Write(directory, device, agentPort ?? broker.Port);
        var publicKey = Path.Combine(directory, "trusted.pem");
        File.WriteAllText(publicKey, trusted.ExportPublicKeyPem());
        var section = new JsonObject
        {
            ["TrustedKeys"] = new JsonArray(publicKey),
            ["BaselineWindow"] = "00:00:01", ["HealthWindow"] = "00:00:02", ["StallTimeout"] = "00:00:03", ["RetryDelay"] = "00:00:00.5",
            ["MinFpsRatio"] = 0.25, // a loaded 2-core test machine slows every model now and then
        };
        foreach (var (key, value) in ota ?? []) section[key] = value?.DeepClone();
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["Ota"] = section;
        if (configuredModel is not null) config["Agent"]!["Cameras"]![0]!["Model"] = configuredModel;
        File.WriteAllText(configPath, config.ToJsonString());

        var probe = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/#");
        var agent = new OtaAgent(broker, directory, device, configPath, probe);
        await agent.StartHostAsync(waitForEvents: configuredModel is null);
        return agent;
    }

    /// <summary>Starts the agent (again, after <see cref="StopHostAsync"/>) and waits for its camera's first event.</summary>
    public async Task StartHostAsync(bool waitForEvents = true)
    {
        _host = AgentHost.Build(AgentConfiguration.Build(_configPath, []));
        await _host.StartAsync();
        if (waitForEvents) await NextEventAsync(_ => true);
    }

    public async Task StopHostAsync()
    {
        if (_host is null) return;
        await _host.StopAsync();
        _host.Dispose();
        _host = null;
    }

    /// <summary>Publishes a package (retained chunks and offer) and, unless <paramref name="selectIt"/> is false, the device's desired state selecting it.</summary>
    public Task PublishAsync(string packagePath, int chunkSize = 64 * 1024, bool selectIt = true) =>
        new PublishClient(TimeProvider.System, TextWriter.Null).PublishAsync(
            new PublishRequest(packagePath, "127.0.0.1", Broker.Port, "dsedge", selectIt ? Device : null, null, Camera, chunkSize), CancellationToken.None);

    /// <summary>
    /// Publishes any file as the package of <paramref name="name"/>@<paramref name="version"/>: an offer describing its bytes and
    /// its chunks, as a trainer's bug or a cut upload would (<see cref="PublishAsync"/> refuses a file that is not a package).
    /// </summary>
    public async Task PublishRawAsync(string path, string name, string version, int chunkSize = 64 * 1024)
    {
        var chunks = PackageChunker.Describe(path, chunkSize);
        for (var i = 0; i < chunks.ChunkCount; i++)
            await Probe.PublishAsync($"dsedge/models/{name}/{version}/chunks/{i}", PackageChunker.ReadChunk(path, chunks, i), retain: true);
        var offer = new JsonObject
        {
            ["schema"] = Schemas.ModelOffer, ["name"] = name, ["version"] = version,
            ["package"] = new JsonObject { ["size"] = chunks.PackageSize, ["sha256"] = chunks.PackageSha256, ["chunk_size"] = chunks.ChunkSize, ["chunk_count"] = chunks.ChunkCount },
            ["chunks"] = new JsonArray(chunks.ChunkSha256.Select(h => (JsonNode)h).ToArray()),
        };
        await Probe.PublishAsync($"dsedge/models/{name}/{version}/manifest", Encoding.UTF8.GetBytes(offer.ToJsonString()), retain: true);
    }

    /// <summary>
    /// Publishes the device's desired state (retained) selecting a model version for the camera, from the MQTT offer, or from
    /// <paramref name="url"/> when given; with the package's SHA-256 and size when given (required with a URL).
    /// </summary>
    public Task SelectAsync(string name, string version, Uri? url = null, string? sha256 = null, long size = 0, string? group = null)
    {
        var entry = new JsonObject { ["name"] = name, ["version"] = version, ["cameras"] = new JsonArray(Camera) };
        if (url is not null) entry["source"] = url.ToString();
        if (sha256 is not null) entry["sha256"] = sha256;
        if (size != 0) entry["size"] = size;
        var document = new JsonObject { ["schema"] = "deepseek-edge/desired-state/v1", ["version"] = Guid.NewGuid().ToString("N"), ["models"] = new JsonArray(entry) };
        return Probe.PublishAsync(group is null ? $"dsedge/devices/{Device}/state/desired" : $"dsedge/groups/{group}/state/desired",
            Encoding.UTF8.GetBytes(document.ToJsonString()), retain: true);
    }

    /// <summary>Waits for the camera's model state (on models/state) to satisfy <paramref name="done"/>; returns it and every state seen on the way.</summary>
    public async Task<(JsonElement Final, List<string> Seen)> StateAsync(Func<string, bool> done)
    {
        var seen = new List<string>();
        while (true)
        {
            JsonElement camera = default;
            await Probe.NextAsync(m => IsCameraStateChange(m, out camera));
            var state = camera.GetProperty("state").GetString()!;
            seen.Add(state);
            if (done(state)) return (camera, seen);
        }
    }

    /// <summary>The camera's latest model state, as a console that subscribes now sees it (retained).</summary>
    public async Task<JsonElement> RetainedStateAsync() =>
        await TryRetainedStateAsync() is { } state ? state : throw new InvalidOperationException($"the retained model state holds no state of camera {Camera}");

    /// <summary>The camera's latest retained model state, or null while the retained document has none (e.g. a restarted broker's older copy).</summary>
    public async Task<JsonElement?> TryRetainedStateAsync()
    {
        await using var console = await MqttProbe.ConnectAsync(Broker.Port, ModelStateTopic);
        return CameraState((await console.NextAsync()).Json);
    }

    public string ModelStateTopic => $"dsedge/devices/{Device}/models/state";

    /// <summary>The camera's entry in a models/state document; null in one that reports only what became of a desired-state document.</summary>
    public static JsonElement? CameraState(JsonElement modelState) =>
        modelState.GetProperty("cameras").TryGetProperty(Camera, out var camera) ? camera : null;

    /// <summary>
    /// Whether <paramref name="m"/> is a models/state report whose camera entry differs from the last one seen: a report sent for
    /// a desired-state document repeats every camera's latest state unchanged (or holds none yet).
    /// </summary>
    private bool IsCameraStateChange(ProbeMessage m, out JsonElement camera)
    {
        camera = default;
        if (m.Topic != ModelStateTopic || CameraState(m.Json) is not { } found) return false;
        var text = found.GetRawText();
        if (text == _lastCameraState) return false;
        _lastCameraState = text;
        camera = found;
        return true;
    }

    /// <summary>The camera's model states published during <paramref name="period"/>.</summary>
    public async Task<List<string>> StatesDuringAsync(TimeSpan period)
    {
        var states = new List<string>();
        var until = DateTimeOffset.UtcNow + period;
        while (DateTimeOffset.UtcNow < until)
        {
            var left = until - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero) break;
            if (await Probe.TryNextAsync(left) is { } m && IsCameraStateChange(m, out var camera))
                states.Add(camera.GetProperty("state").GetString()!);
        }

        return states;
    }

    public async Task<JsonElement> NextEventAsync(Func<JsonElement, bool> where)
    {
        var m = await Probe.NextAsync(m => m.Topic == $"dsedge/devices/{Device}/events" && where(m.Json));
        return m.Json;
    }

    /// <summary>Sends a command and returns its response.</summary>
    public async Task<JsonElement> CommandAsync(string verb, string argsJson)
    {
        var correlation = Encoding.UTF8.GetBytes(Guid.NewGuid().ToString("N"));
        await Probe.PublishAsync($"dsedge/devices/{Device}/commands/{verb}",
            Encoding.UTF8.GetBytes($$"""{"schema":"deepseek-edge/command/v1","args":{{argsJson}}}"""), $"dsedge/devices/{Device}/responses/test", correlation);
        var reply = await Probe.NextAsync(m => m.Topic == $"dsedge/devices/{Device}/responses/test" && m.CorrelationData is { } c && c.AsSpan().SequenceEqual(correlation));
        return reply.Json;
    }

    public string RunningVersion() => Cameras.CurrentModel(Camera)?.Version ?? "(not running)";

    public static string VersionOf(JsonElement e) => e.GetProperty("model").GetProperty("version").GetString()!;

    public async ValueTask DisposeAsync()
    {
        await StopHostAsync();
        await Probe.DisposeAsync();
    }
}
