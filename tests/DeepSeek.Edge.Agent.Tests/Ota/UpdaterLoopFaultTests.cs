using System.Text;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>
/// The over-the-air loop under a fault at its boundary, in the whole agent against a real mosquitto: the failure record
/// (<c>ota-failed.json</c>) cannot be written once, so recording a rejected package throws out of the loop's pass.
/// The loop logs it, pauses and goes on: the next update is installed.
/// </summary>
public sealed class UpdaterLoopFaultTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-ota-loop");
    private readonly SigningKey _key = SigningKey.Generate();

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task FailureRecordUnwritable_TheLoopGoesOn_AndTheNextUpdateIsInstalled()
    {
        using var broker = MosquittoBroker.Start();
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key);
        await agent.PublishAsync(OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", null).Path, selectIt: false); // unsigned: rejected

        // A first document (for another camera) makes the agent write its failure record; then the record's path becomes a
        // directory, and the same document version (no new write on arrival) selects the unsigned package for the camera.
        var record = Path.Combine(agent.Directory, "state", "ota-failed.json");
        await PublishDesiredAsync(agent, "v1", "1.1.0", "elsewhere");
        await TestTimeouts.UntilAsync(() => File.Exists(record), "the failure record");
        File.Delete(record);
        Directory.CreateDirectory(record);
        await PublishDesiredAsync(agent, "v1", "1.1.0", OtaAgent.Camera);
        await agent.StateAsync(s => s == "verifying"); // the rejection and its failed record follow at once
        await Task.Delay(TimeSpan.FromSeconds(1)); // let the pass fail on the record (nothing is published for it)

        Directory.Delete(record);
        await agent.PublishAsync(OtaPackages.Repack(_dir.Path, "blazeface-back", "1.2.0", _key).Path);
        var (final, _) = await agent.StateAsync(s => s is "active" or "failed" or "rolled-back");

        Assert.Equal("active", final.GetProperty("state").GetString());
        Assert.Equal("1.2.0", agent.RunningVersion());
    }

    private static Task PublishDesiredAsync(OtaAgent agent, string documentVersion, string version, string camera) =>
        agent.Probe.PublishAsync($"dsedge/devices/{agent.Device}/state/desired",
            Encoding.UTF8.GetBytes($$"""{"schema":"deepseek-edge/desired-state/v1","version":"{{documentVersion}}","models":[{"name":"blazeface-back","version":"{{version}}","cameras":["{{camera}}"]}]}"""),
            retain: true);
}
