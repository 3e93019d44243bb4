using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Agent.Tests.Broker;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.Mqtt;

public sealed class EmbeddedBrokerTests
{
    [Fact]
    public async Task StartAsync_EmbeddedMode_SupervisorConnectsAndStatusIsRetained()
    {
        var options = TestLinks.Options(FreePort.Next());
        options.Broker = MqttLinkOptions.EmbeddedBroker;
        await using var broker = new EmbeddedBroker(options, NullLogger<EmbeddedBroker>.Instance);
        await broker.StartAsync(CancellationToken.None);

        await using var link = await TestLinks.StartConnectedAsync(options);
        await using var console = await MqttProbe.ConnectAsync(options.Port, link.Topics.Status);
        var status = await console.NextAsync();

        Assert.True(broker.IsRunning);
        Assert.True(status.Retain);
        Assert.Equal("online", status.Json.GetProperty("state").GetString());
    }
}
