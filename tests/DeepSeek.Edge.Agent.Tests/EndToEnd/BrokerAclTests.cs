using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Testing;
using MQTTnet;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// The shipped broker ACL (packaging/broker/deepseek-edge.acl) on a real mosquitto with mutual TLS, where a client's
/// identity is its certificate's CN: a device writes only its own device topics, never another device's nor any
/// desired-state or command topic; the fleet identity writes desired state and the device reads it; the real agent
/// connects with its client certificate and comes online.
/// </summary>
public sealed class BrokerAclTests(TestCertificates certs, ITestOutputHelper output) : IClassFixture<TestCertificates>, IDisposable
{
    private const string DeviceA = "dev-a";
    private const string DeviceB = "dev-b";
    private const string Fleet = "fleet";
    private static readonly string ShippedAcl = File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "packaging", "broker", "deepseek-edge.acl"));
    private readonly TempDirectory _dir = new("dsedge-acl");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Device_PublishesOnlyItsOwnTopics_AndReadsDesiredStateTheFleetWrites()
    {
        using var broker = StartBroker();
        using var fleetTls = Identity(Fleet);
        using var deviceTls = Identity(DeviceA);
        await using var fleet = await MqttProbe.ConnectAsync(broker.Port, fleetTls.CreateClientOptions("127.0.0.1"), "dsedge/#");
        await using var device = await MqttProbe.ConnectAsync(broker.Port, deviceTls.CreateClientOptions("127.0.0.1"), $"dsedge/devices/{DeviceA}/state/desired");
        try
        {
            var own = await device.PublishAsync($"dsedge/devices/{DeviceA}/telemetry", "{\"n\":1}"u8.ToArray());
            var status = await device.PublishAsync($"dsedge/devices/{DeviceA}/status", "{\"state\":\"online\"}"u8.ToArray(), retain: true);
            Assert.Equal(MqttClientPublishReasonCode.Success, own.ReasonCode);
            Assert.Equal(MqttClientPublishReasonCode.Success, status.ReasonCode);
            Assert.Equal($"dsedge/devices/{DeviceA}/telemetry", (await fleet.NextAsync()).Topic);
            Assert.Equal($"dsedge/devices/{DeviceA}/status", (await fleet.NextAsync()).Topic);

            string[] forbidden =
            [
                $"dsedge/devices/{DeviceB}/telemetry", $"dsedge/devices/{DeviceB}/status", $"dsedge/devices/{DeviceB}/responses/x",
                $"dsedge/devices/{DeviceB}/state/desired", $"dsedge/devices/{DeviceA}/state/desired", "dsedge/groups/lobby/state/desired",
                $"dsedge/devices/{DeviceA}/commands/ping", $"dsedge/devices/{DeviceB}/commands/set", "dsedge/models/faces/9.9.9/manifest",
            ];
            foreach (var topic in forbidden)
            {
                var refused = await device.PublishAsync(topic, "{\"forged\":true}"u8.ToArray(), retain: topic.EndsWith("/state/desired", StringComparison.Ordinal));
                Assert.True(refused.ReasonCode == MqttClientPublishReasonCode.NotAuthorized, $"{topic}: {refused.ReasonCode}");
            }

            // Messages of one client arrive in order: the marker after the forged ones proves none of those got through.
            await device.PublishAsync($"dsedge/devices/{DeviceA}/events", "{\"marker\":true}"u8.ToArray());
            var seen = await fleet.NextAsync();
            Assert.Equal($"dsedge/devices/{DeviceA}/events", seen.Topic);

            var desired = await fleet.PublishAsync($"dsedge/devices/{DeviceA}/state/desired", "{\"schema\":\"deepseek-edge/desired-state/v1\"}"u8.ToArray(), retain: true);
            Assert.Equal(MqttClientPublishReasonCode.Success, desired.ReasonCode);
            var received = await device.NextAsync();
            Assert.Equal($"dsedge/devices/{DeviceA}/state/desired", received.Topic);
            Assert.Contains("desired-state", received.Text, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(broker.Log());
            throw;
        }
    }

    [Fact]
    public async Task Agent_WithItsClientCertificate_ComesOnlineAndAnswersTheFleet()
    {
        using var broker = StartBroker();
        using var fleetTls = Identity(Fleet);
        var (cert, key) = certs.Client(DeviceA);
        var config = AgentConfigFile.Write(_dir.Path, DeviceA, broker.Port);
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(_dir.File("trusted.pem"), signer.ExportSubjectPublicKeyInfoPem());
        AgentEndpoint.Edit(config, c =>
        {
            c["Mqtt"]!["Tls"] = new JsonObject { ["Enabled"] = true, ["CaFile"] = certs.CaFile, ["ClientCertFile"] = cert, ["ClientKeyFile"] = key };
            c["Ota"] = new JsonObject { ["TrustedKeys"] = new JsonArray(_dir.File("trusted.pem")), ["Groups"] = new JsonArray("lobby") };
        });
        await using var fleet = await MqttProbe.ConnectAsync(broker.Port, fleetTls.CreateClientOptions("127.0.0.1"), $"dsedge/devices/{DeviceA}/#");
        var groupDocument = new JsonObject
        {
            ["schema"] = "deepseek-edge/desired-state/v1", ["version"] = "7",
            ["models"] = new JsonArray(new JsonObject { ["name"] = "faces", ["version"] = "1.0.0", ["cameras"] = new JsonArray("door") }),
        };
        await fleet.PublishAsync("dsedge/groups/lobby/state/desired", Encoding.UTF8.GetBytes(groupDocument.ToJsonString()), retain: true);
        using var agent = AgentProcess.Start(config);
        try
        {
            await fleet.NextAsync(m => m.Topic == $"dsedge/devices/{DeviceA}/status" && m.Json.GetProperty("state").GetString() == "online");
            await fleet.NextAsync(m => m.Topic == $"dsedge/devices/{DeviceA}/telemetry");
            await fleet.NextAsync(m => m.Topic == $"dsedge/devices/{DeviceA}/state/reported");
            var pong = await fleet.RequestAsync($"dsedge/devices/{DeviceA}/commands/ping", "{}"u8.ToArray(), $"dsedge/devices/{DeviceA}/responses/acl");
            Assert.True(pong.Json.GetProperty("ok").GetBoolean());
            await TestTimeouts.UntilAsync(() => agent.Output.Contains("Desired state on dsedge/groups/lobby/state/desired, version 7", StringComparison.Ordinal), "the group document to be read");
            Assert.DoesNotContain("not authorized", agent.Output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("NotAuthorized", agent.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(agent.Output);
            output.WriteLine(broker.Log());
            throw;
        }
    }

    private MosquittoBroker StartBroker() =>
        MosquittoBroker.Start(certs.Listener(requireClientCertificate: true) with { UseIdentityAsUsername = true }, ShippedAcl);

    private MqttTlsCertificates Identity(string commonName)
    {
        var (cert, key) = certs.Client(commonName);
        return new MqttTlsCertificates(new MqttTlsOptions { Enabled = true, CaFile = certs.CaFile, ClientCertFile = cert, ClientKeyFile = key });
    }
}
