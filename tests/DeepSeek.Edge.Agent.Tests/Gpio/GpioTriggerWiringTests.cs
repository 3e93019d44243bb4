using System.Device.Gpio;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSeek.Edge.Agent.Tests.Gpio;

/// <summary>
/// <c>Gpio:Inputs</c> through the whole agent (the real host on an in-memory GPIO chip, a real video, a real mosquitto): a camera
/// that infers only on triggers stays quiet until an edge on its input pin, which makes it infer the next frame and
/// publish one trigger event with that frame's detections and snapshot, and (the input's <c>Capture</c>) send that frame back
/// as a capture.
/// </summary>
public sealed class GpioTriggerWiringTests : IDisposable
{
    private const int Pin = 17;
    private readonly TempDirectory _dir = new("dsedge-gpio-wiring");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AnInputEdge_MakesItsCameraInferTheNextFrame_AndPublishATriggerEvent()
    {
        using var broker = MosquittoBroker.Start();
        var device = "gpio-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port);
        AgentEndpoint.Edit(config, c =>
        {
            c["Agent"]!["Cameras"]![0]!["InferOnTriggerOnly"] = true;
            c["Gpio"] = new JsonObject { ["Enabled"] = true, ["Inputs"] = new JsonArray(new JsonObject { ["Pin"] = Pin, ["Camera"] = "door", ["Edge"] = "Falling", ["Capture"] = true }) };
        });
        var driver = new InMemoryGpioDriver();
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/events");
        await using var captures = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/captures");
        using var host = AgentHost.Build(AgentConfiguration.Build(config, []), s => s.AddSingleton(new GpioController(driver)));
        await host.StartAsync();
        try
        {
            await TestTimeouts.UntilAsync(() => driver.CallbackCount(Pin) == 1, "the input pin to be watched");
            Assert.Null(await probe.TryNextAsync(TimeSpan.FromSeconds(2))); // frames flow, none is inferred: no events

            var triggers = new List<ProbeMessage>();
            for (var press = 0; press < 3; press++)
            {
                driver.SimulateEdge(Pin, PinEventTypes.Falling);
                triggers.Add(await probe.NextAsync(m => m.Json.GetProperty("schema").GetString() == "deepseek-edge/trigger/v1"));
                await Task.Delay(200); // beyond the debounce time
            }

            Assert.All(triggers, t =>
            {
                Assert.Equal(Pin, t.Json.GetProperty("trigger").GetProperty("pin").GetInt32());
                Assert.Equal("door", t.Json.GetProperty("camera").GetString());
                Assert.Equal([0xFF, 0xD8], Convert.FromBase64String(t.Json.GetProperty("snapshot_jpeg_base64").GetString()!)[..2]);
            });
            Assert.Contains(triggers, t => t.Json.GetProperty("detections").EnumerateArray().Any(d => d.GetProperty("label").GetString() == "face"));
            Assert.True(triggers.Select(t => t.Json.GetProperty("frame").GetInt64()).Distinct().Count() == 3, "each trigger is answered by a frame of its own");

            // The input has "Capture": true: each triggered frame also goes back to the trainer as a capture, reason gpio.
            var sent = new List<ProbeMessage>();
            for (var i = 0; i < 3; i++) sent.Add(await captures.NextAsync(m => m.Json.GetProperty("schema").GetString() == "deepseek-edge/capture/v1"));
            Assert.All(sent, c => Assert.Equal("gpio", c.Json.GetProperty("reason").GetString()));
            Assert.Equal(triggers.Select(t => t.Json.GetProperty("frame").GetInt64()).Order(), sent.Select(c => c.Json.GetProperty("frame").GetInt64()).Order());
            Assert.All(sent, c => Assert.Empty(DeepSeek.Edge.Testing.ProtocolSchemas.Problems(c.Payload)));
        }
        finally
        {
            await host.StopAsync();
        }

        Assert.False(driver.IsOpen(Pin)); // released at stop
    }
}
