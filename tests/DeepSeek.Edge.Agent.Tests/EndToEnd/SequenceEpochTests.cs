using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// The outbox directory is lost (a re-flashed data partition) and the real agent starts again: its sequence starts again
/// at 1, under a new epoch, so a consumer that de-duplicates by <c>(device, epoch, seq)</c> keeps every new message.
/// </summary>
public sealed class SequenceEpochTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-epoch");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task OutboxDirectoryLost_RestartGetsANewEpochAndNoKeyCollidesAtTheConsumer()
    {
        using var broker = MosquittoBroker.Start();
        var device = "epoch-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port);
        await using var console = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/events", $"dsedge/devices/{device}/telemetry");

        var before = await RunAsync(config, console, 40);
        Directory.Delete(Path.Combine(_dir.Path, "state", "outbox"), recursive: true);
        var after = await RunAsync(config, console, 40);

        var epochBefore = Assert.Single(before.Select(m => m.Epoch).Distinct());
        var epochAfter = Assert.Single(after.Select(m => m.Epoch).Distinct());
        output.WriteLine($"epoch {epochBefore}: seq {before.Min(m => m.Seq)}..{before.Max(m => m.Seq)}; epoch {epochAfter}: seq {after.Min(m => m.Seq)}..{after.Max(m => m.Seq)}");
        Assert.Matches(@"\A[0-9a-f]{32}\z", epochBefore);
        Assert.NotEqual(epochBefore, epochAfter);
        Assert.Equal(1, after.Min(m => m.Seq)); // numbering started again...
        Assert.NotEmpty(before.Select(m => m.Seq).Intersect(after.Select(m => m.Seq))); // ...so (device, seq) would have collided

        // Keyed by (device, epoch, seq), every key names one message: copies are byte-identical, and nothing new is dropped.
        var all = before.Concat(after).ToList();
        Assert.All(all.GroupBy(m => (m.Epoch, m.Seq)), g => Assert.Single(g.Select(m => m.Text).Distinct()));
        Assert.Equal(all.Select(m => m.Text).Distinct().Count(), all.DistinctBy(m => (m.Epoch, m.Seq)).Count());
        Assert.All(all, m => Assert.Equal(m.Epoch, m.PropertyEpoch));
    }

    /// <summary>Runs the agent until <paramref name="count"/> of its messages arrived, then stops it (SIGTERM).</summary>
    private async Task<List<Keyed>> RunAsync(string config, MqttProbe console, int count)
    {
        using var agent = AgentProcess.Start(config);
        try
        {
            var received = new List<Keyed>();
            while (received.Count < count)
            {
                var m = await console.NextAsync();
                received.Add(new Keyed(m.Json.GetProperty("epoch").GetString()!, m.Json.GetProperty("seq").GetInt64(), m.Text, m.Property("epoch")));
            }

            await agent.StopAsync();
            while (await console.TryNextAsync(TimeSpan.FromSeconds(1)) is { } late)
                received.Add(new Keyed(late.Json.GetProperty("epoch").GetString()!, late.Json.GetProperty("seq").GetInt64(), late.Text, late.Property("epoch")));
            return received;
        }
        catch
        {
            output.WriteLine(agent.Output);
            throw;
        }
    }

    private sealed record Keyed(string Epoch, long Seq, string Text, string? PropertyEpoch);
}
