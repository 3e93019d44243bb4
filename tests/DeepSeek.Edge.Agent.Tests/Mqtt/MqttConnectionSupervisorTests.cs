using System.Text;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Protocol.Topics;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.Mqtt;

/// <summary>The supervisor against a real mosquitto on loopback.</summary>
public sealed class MqttConnectionSupervisorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task StartAsync_BrokerUp_PublishesRetainedOnlineStatus()
    {
        using var broker = MosquittoBroker.Start();
        var options = TestLinks.Options(broker.Port);
        await using var link = await TestLinks.StartConnectedAsync(options, output);

        // A client that subscribes only now still gets it: the status is retained.
        await using var console = await MqttProbe.ConnectAsync(broker.Port, link.Topics.Status);
        var status = await console.NextAsync();

        Assert.True(status.Retain);
        Assert.True(link.IsConnected);
        var json = status.Json;
        Assert.Equal("deepseek-edge/status/v1", json.GetProperty("schema").GetString());
        Assert.Equal("online", json.GetProperty("state").GetString());
        Assert.Equal(options.DeviceId, json.GetProperty("device").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("agent_version").GetString()));
        Assert.True(json.TryGetProperty("ts", out _));
        Assert.Equal(link.StartedAt.UtcDateTime, json.GetProperty("started_at").GetDateTime(), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task ConnectionDiesWithoutDisconnect_Broker_PublishesRetainedOfflineWill()
    {
        // The relay closes both sockets without an MQTT DISCONNECT: what the broker sees when the agent is killed.
        using var broker = MosquittoBroker.Start();
        using var relay = new TcpProxy(broker.Port);
        await using var link = await TestLinks.StartConnectedAsync(TestLinks.Options(relay.Port), output);
        await using var console = await MqttProbe.ConnectAsync(broker.Port, link.Topics.Status);
        Assert.Equal("online", (await console.NextAsync()).Json.GetProperty("state").GetString());

        relay.Sever();
        var will = await console.NextAsync();

        Assert.Equal("offline", will.Json.GetProperty("state").GetString());
        Assert.Equal("connection-lost", will.Json.GetProperty("reason").GetString());
        await using var later = await MqttProbe.ConnectAsync(broker.Port, link.Topics.Status);
        var retained = await later.NextAsync();
        Assert.True(retained.Retain);
        Assert.Equal("offline", retained.Json.GetProperty("state").GetString());
    }

    [Fact]
    public async Task StopAsync_Connected_PublishesRetainedOfflineStopped()
    {
        using var broker = MosquittoBroker.Start();
        await using var link = await TestLinks.StartConnectedAsync(TestLinks.Options(broker.Port), output);

        await link.StopAsync(CancellationToken.None);
        await using var console = await MqttProbe.ConnectAsync(broker.Port, link.Topics.Status);
        var status = await console.NextAsync();

        Assert.Equal(MqttConnectionState.Stopped, link.State);
        Assert.True(status.Retain);
        Assert.Equal("offline", status.Json.GetProperty("state").GetString());
        Assert.Equal("stopped", status.Json.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task BrokerRestart_Link_ReconnectsAndSubscribesAgain()
    {
        using var broker = MosquittoBroker.Start();
        await using var link = TestLinks.Create(TestLinks.Options(broker.Port), output);
        var received = new TaskCompletionSource<MqttIncoming>(TaskCreationOptions.RunContinuationsAsynchronously);
        await link.SubscribeAsync(link.Topics.CommandsFilter, (m, _) =>
        {
            received.TrySetResult(m);
            return Task.CompletedTask;
        }, CancellationToken.None);
        var lost = TestLinks.NthChange(link, 1, e => e.Previous == MqttConnectionState.Connected);
        var reconnected = TestLinks.NthChange(link, 2, e => e.Current == MqttConnectionState.Connected);
        await link.StartAsync(CancellationToken.None);
        await link.WaitUntilConnectedAsync(CancellationToken.None).WaitAsync(TestTimeouts.Wait);

        broker.Stop();
        await lost.WaitAsync(TestTimeouts.Wait);
        broker.StartAgain();
        await reconnected.WaitAsync(TestTimeouts.Wait);

        // The restarted broker kept nothing (no persistence): only a new SUBSCRIBE routes this command to the agent.
        await using var console = await MqttProbe.ConnectAsync(broker.Port);
        await console.PublishAsync(link.Topics.Command("ping"), "{}"u8.ToArray());
        var command = await received.Task.WaitAsync(TestTimeouts.Wait);

        Assert.Equal(link.Topics.Command("ping"), command.Topic);
        Assert.True(link.IsConnected);
    }

    [Fact]
    public async Task RespondAsync_RequestWithResponseTopic_AnswersWithCorrelationData()
    {
        using var broker = MosquittoBroker.Start();
        var options = TestLinks.Options(broker.Port);
        options.ResponseNamespaces = ["console/replies/#"];
        await using var link = await TestLinks.StartConnectedAsync(options, output);
        await link.SubscribeAsync(link.Topics.CommandsFilter, async (request, ct) =>
        {
            var verb = MqttTopics.LastLevel(request.Topic);
            await link.RespondAsync(request, Encoding.UTF8.GetBytes($"{{\"verb\":\"{verb}\",\"ok\":true}}"), ct);
        }, CancellationToken.None);
        await using var console = await MqttProbe.ConnectAsync(broker.Port, "console/replies/#");

        var correlation = Guid.NewGuid().ToByteArray();
        await console.PublishAsync(link.Topics.Command("snapshot"), "{}"u8.ToArray(), "console/replies/1", correlation);
        var reply = await console.NextAsync();

        Assert.Equal("console/replies/1", reply.Topic);
        Assert.Equal(correlation, reply.CorrelationData);
        Assert.Equal("snapshot", reply.Json.GetProperty("verb").GetString());
    }

    [Fact]
    public async Task PublishAsync_NotConnected_ThrowsLinkUnavailable()
    {
        await using var link = TestLinks.Create(TestLinks.Options(FreePort.Next()));

        await Assert.ThrowsAsync<MqttLinkUnavailableException>(() =>
            link.PublishAsync(new MqttOutgoing { Topic = link.Topics.Events, Payload = "{}"u8.ToArray() }, CancellationToken.None));
    }

    [Fact]
    public async Task StartAsync_NoBroker_ReportsFailedAttemptsAndStaysDisconnected()
    {
        await using var link = TestLinks.Create(TestLinks.Options(FreePort.Next()));
        var secondFailure = TestLinks.NthChange(link, 2, e => e.Error is not null);

        await link.StartAsync(CancellationToken.None);
        var failure = await secondFailure.WaitAsync(TestTimeouts.Wait);

        Assert.Equal(MqttConnectionState.Disconnected, failure.Current);
        Assert.False(link.IsConnected);
    }
}
