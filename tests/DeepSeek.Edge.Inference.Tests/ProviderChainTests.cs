using System.Diagnostics.Metrics;
using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Inference.Running;
using DeepSeek.Edge.Inference.Telemetry;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Testing;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Inference.Tests;

public sealed class ProviderChainTests
{
    [Fact]
    public void Load_GpuChainOnCpuBuild_RunsOnCpuAndSaysWhyEachGpuProviderWasSkipped()
    {
        var logger = new ListLogger();
        long fallbacks = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == EdgeMeter.Name && i.Name == "dsedge.provider.fallbacks") l.EnableMeasurementEvents(i); };
        listener.SetMeasurementEventCallback<long>((_, v, tags, _) => { if (HasModel(tags, "blazeface-front")) Interlocked.Add(ref fallbacks, v); });
        listener.Start();
        var options = new InferenceOptions().WithProviders(InferenceOptions.ParseChain("tensorrt,cuda,cpu"));

        using var runner = ModelRunner.Load(ModelBundle.Open(TestAssets.BlazeFaceFront), options, logger);

        Assert.Equal(ExecutionProvider.Cpu, runner.Engine.Provider);
        Assert.Collection(runner.Engine.Attempts,
            a => { Assert.Equal(ExecutionProvider.TensorRT, a.Provider); Assert.False(a.Succeeded); Assert.Contains("not built into", a.Reason); },
            a => { Assert.Equal(ExecutionProvider.Cuda, a.Provider); Assert.False(a.Succeeded); Assert.Contains("OrtFlavor=gpu", a.Reason); },
            a => { Assert.Equal(ExecutionProvider.Cpu, a.Provider); Assert.True(a.Succeeded); });
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("tensorrt cannot be used", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Information && l.Message.Contains("loaded on execution provider cpu", StringComparison.Ordinal));
        Assert.True(Interlocked.Read(ref fallbacks) >= 2);
    }

    [Fact]
    public void Load_RequirePolicyWithUnavailableProvider_FailsNamingTheProviderAndTheFix()
    {
        var options = new InferenceOptions { Policy = ProviderPolicy.Require }.WithProviders([ExecutionProvider.TensorRT, ExecutionProvider.Cpu]);

        var ex = Assert.Throws<ProviderUnavailableException>(() => ModelRunner.Load(ModelBundle.Open(TestAssets.BlazeFaceFront), options));

        Assert.Contains("requires execution provider tensorrt", ex.Message);
        Assert.Contains("OrtFlavor", ex.Message);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("")]
    public void ParseChain_UnknownOrEmpty_ThrowsListingTheChoices(string chain)
    {
        var ex = Assert.Throws<ArgumentException>(() => InferenceOptions.ParseChain(chain));
        Assert.Contains("tensorrt", ex.Message);
    }

    private static bool HasModel(ReadOnlySpan<KeyValuePair<string, object?>> tags, string model)
    {
        foreach (var t in tags)
        {
            if (t.Key == "model" && (string?)t.Value == model) return true;
        }

        return false;
    }
}
