using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Agent.Tests.Broker;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.Mqtt;

/// <summary>Supervisors with short reconnect delays and a unique device id, for tests against a loopback broker.</summary>
internal static class TestLinks
{
    public static MqttLinkOptions Options(int port, string? deviceId = null) => new()
    {
        Broker = "127.0.0.1",
        Port = port,
        DeviceId = deviceId ?? "dev-" + Guid.NewGuid().ToString("N")[..8],
        TopicPrefix = "dsedge-test",
        KeepAlive = TimeSpan.FromSeconds(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
    };

    public static MqttConnectionSupervisor Create(MqttLinkOptions options, ITestOutputHelper? output = null) =>
        new(options, output is null ? NullLogger<MqttConnectionSupervisor>.Instance : new XunitLogger<MqttConnectionSupervisor>(output), TimeProvider.System);

    public static async Task<MqttConnectionSupervisor> StartConnectedAsync(MqttLinkOptions options, ITestOutputHelper? output = null)
    {
        var link = Create(options, output);
        await link.StartAsync(CancellationToken.None);
        await link.WaitUntilConnectedAsync(CancellationToken.None).WaitAsync(TestTimeouts.Wait);
        return link;
    }

    /// <summary>A task that completes on the <paramref name="count"/>-th state change matching <paramref name="match"/>.</summary>
    public static Task<MqttConnectionStateChangedEventArgs> NthChange(MqttConnectionSupervisor link, int count, Func<MqttConnectionStateChangedEventArgs, bool> match)
    {
        var seen = 0;
        var done = new TaskCompletionSource<MqttConnectionStateChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        link.StateChanged += (_, e) =>
        {
            if (match(e) && Interlocked.Increment(ref seen) == count) done.TrySetResult(e);
        };
        return done.Task;
    }
}
