using System.Text.Json.Nodes;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>Writes an agent configuration for a test: one camera on a real video with the real face model.</summary>
internal static class AgentConfigFile
{
    public static string Write(string directory, string deviceId, int mqttPort, bool http = false, int telemetrySeconds = 1, int eventIntervalMs = 0)
    {
        var config = new JsonObject
        {
            ["Agent"] = new JsonObject
            {
                ["DeviceId"] = deviceId,
                ["DataDirectory"] = Path.Combine(directory, "state"),
                ["Telemetry"] = new JsonObject { ["IntervalSeconds"] = telemetrySeconds },
                ["Http"] = new JsonObject { ["Enabled"] = http, ["Urls"] = "http://127.0.0.1:0" },
                ["Cameras"] = new JsonArray(new JsonObject
                {
                    ["Name"] = "door",
                    ["Source"] = "file:" + TestAssets.Media("Megamind.avi"),
                    ["Model"] = TestAssets.BlazeFaceBack,
                    ["Inference"] = new JsonObject { ["Providers"] = "cpu" },
                    ["Loop"] = true,
                    ["RealTime"] = true,
                    ["Events"] = new JsonObject { ["Labels"] = new JsonArray("face"), ["MinScore"] = 0.5, ["MinIntervalMs"] = eventIntervalMs },
                }),
            },
            ["Mqtt"] = new JsonObject
            {
                ["Broker"] = "127.0.0.1", ["Port"] = mqttPort, ["TopicPrefix"] = "dsedge",
                ["ReconnectMinDelay"] = "00:00:00.200", ["ReconnectMaxDelay"] = "00:00:01",
            },
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Information" } },
        };
        var path = Path.Combine(directory, "agent.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    /// <summary>Turns over-the-air updates on: trusts a fresh P-256 public key written next to the config (nothing is signed with it).</summary>
    public static void EnableOta(string configPath)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var publicKey = Path.Combine(Path.GetDirectoryName(configPath)!, "trusted.pem");
        File.WriteAllText(publicKey, key.ExportSubjectPublicKeyInfoPem());
        AgentEndpoint.Edit(configPath, c => c["Ota"] = new JsonObject { ["TrustedKeys"] = new JsonArray(publicKey) });
    }
}
