using DeepSeek.Edge.Inference.Running;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Testing;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Inference.Tests;

/// <summary>Where ONNX Runtime put each bundled model's nodes, read from its profile of the warm-up run (printed for the record).</summary>
public sealed class PlacementTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("blazeface-front")]
    [InlineData("blazeface-back")]
    [InlineData("resnet18-features")]
    [InlineData("ppocr-angle-cls")]
    public void Load_BundledModelOnCpu_PutsEveryNodeOnCpuWithOpCounts(string model)
    {
        var logger = new ListLogger();
        var options = new InferenceOptions().WithProviders(InferenceOptions.ParseChain("tensorrt,cuda,cpu"));

        using var runner = ModelRunner.Load(ModelBundle.Open(TestAssets.Model(model)), options, logger);

        var placement = runner.Engine.Placement!;
        output.WriteLine($"{model}: {placement}");
        var cpu = Assert.Single(placement.Providers);
        Assert.Equal("cpu", cpu.Provider);
        Assert.Equal(cpu.Ops.Values.Sum(), cpu.Nodes);
        Assert.True(cpu.Nodes > 5, placement.ToString());
        Assert.Contains(cpu.Ops.Keys, op => op.Contains("Conv", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Message.Contains($"node placement (warm-up run): cpu: {cpu.Nodes} nodes", StringComparison.Ordinal));
    }
}
