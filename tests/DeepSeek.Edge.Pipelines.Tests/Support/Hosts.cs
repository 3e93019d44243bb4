using DeepSeek.Edge.Inference;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Scheduling;
using DeepSeek.Edge.Pipelines.Sources;

namespace DeepSeek.Edge.Pipelines.Tests.Support;

/// <summary>Model hosts and cameras as the tests use them: one ONNX Runtime thread, so tests leave the other core alone.</summary>
internal static class Hosts
{
    public static ModelHost Load(string modelDir, TimeSpan? validationFrameTimeout = null)
    {
        var options = new ModelHostOptions { Inference = new InferenceOptions() };
        options.Inference.Cpu.IntraOpThreads = 1;
        if (validationFrameTimeout is { } t) options.ValidationFrameTimeout = t;
        return ModelHost.Load(ModelBundle.Open(modelDir), options, TestLogging.Factory);
    }

    public static CameraOptions Camera(string name, string uri, Action<SourceOptions>? source = null)
    {
        var options = new CameraOptions { Name = name, Source = new SourceOptions { Uri = uri } };
        source?.Invoke(options.Source);
        return options;
    }

    /// <summary>Live-source settings for tests: a short stall timeout and quick reconnects.</summary>
    public static void QuickReconnect(SourceOptions source)
    {
        source.StallTimeout = TimeSpan.FromMilliseconds(1500);
        source.ReconnectDelay = TimeSpan.FromMilliseconds(50);
        source.ReconnectMaxDelay = TimeSpan.FromMilliseconds(400);
        source.OpenTimeout = TimeSpan.FromSeconds(2);
    }
}
