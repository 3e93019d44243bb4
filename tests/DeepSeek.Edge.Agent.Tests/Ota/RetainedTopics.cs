using DeepSeek.Edge.Agent.Tests.Broker;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>What a device connecting now would find retained: a fresh subscriber's messages until none arrives for a second.</summary>
internal static class RetainedTopics
{
    public static async Task<IReadOnlyList<ProbeMessage>> ReadAsync(int port, string filter)
    {
        await using var fresh = await MqttProbe.ConnectAsync(port, filter);
        var messages = new List<ProbeMessage>();
        while (await fresh.TryNextAsync(TimeSpan.FromSeconds(1)) is { } message) messages.Add(message);
        Assert.All(messages, m => Assert.True(m.Retain, $"{m.Topic} arrived live, not retained"));
        return messages;
    }

    /// <summary>The versions of <paramref name="model"/> with a retained offer, in ordinal order.</summary>
    public static async Task<IReadOnlyList<string>> OfferedVersionsAsync(int port, string model) =>
        (await ReadAsync(port, $"dsedge/models/{model}/+/manifest"))
            .Select(m => m.Topic.Split('/')[^2])
            .Order(StringComparer.Ordinal)
            .ToArray();
}
