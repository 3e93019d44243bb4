using System.Text.Json;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// The real agent process with two cameras on the real face model: a camera's ONNX Runtime pool gets its share of the
/// device's cores (cores / cameras, 1 on a 2-core machine), said at start and reported in <c>state/reported</c>, unless
/// its own <c>Inference:IntraOpThreads</c> says otherwise.
/// </summary>
public sealed class ThreadBudgetTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-threads");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TwoCameras_EachGetsItsShareOfTheCores_UnlessItsConfigSaysOtherwise()
    {
        using var broker = MosquittoBroker.Start();
        var device = "thr-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port);
        AgentEndpoint.Edit(config, c =>
        {
            var cameras = c["Agent"]!["Cameras"]!.AsArray();
            var lab = cameras[0]!.DeepClone().AsObject();
            lab["Name"] = "lab";
            lab["Inference"]!["IntraOpThreads"] = 3;
            cameras.Add(lab);
        });
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/state/reported");
        using var agent = AgentProcess.Start(config);
        try
        {
            var message = await probe.NextAsync(m =>
                m.Topic.EndsWith("/state/reported", StringComparison.Ordinal) && m.Payload.Length > 0
                && m.Json.GetProperty("cameras").EnumerateArray().All(c => c.GetProperty("state").GetString() == "streaming"));
            var threads = message.Json.GetProperty("cameras").EnumerateArray()
                .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("inference").GetProperty("intra_op_threads").GetInt32());

            var share = Math.Max(1, Environment.ProcessorCount / 2);
            Assert.Equal(new Dictionary<string, int> { ["door"] = share, ["lab"] = 3 }, threads);
            Assert.Contains($"Thread budget: {Environment.ProcessorCount} cores, 2 camera(s) -> {share} ORT intra-op thread(s) per camera, {share} OpenCV thread(s)", agent.Output, StringComparison.Ordinal);
            await agent.StopAsync();
        }
        catch
        {
            output.WriteLine(agent.Output);
            throw;
        }
    }
}
