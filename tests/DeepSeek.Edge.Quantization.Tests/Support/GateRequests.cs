using DeepSeek.Edge.Quantization.Evaluation;
using DeepSeek.Edge.Quantization.Sessions;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Quantization.Tests.Support;

/// <summary>The quantize request the accuracy-gate tests start from: calibrated on the photos, judged on the media, 2 threads, no latency runs.</summary>
internal static class GateRequests
{
    public static QuantizeRequest For(string model, string root) =>
        new(model, RealSamples.PhotosDir, Path.Combine(root, "int8"))
        {
            HoldoutDirectory = TestAssets.MediaDir,
            Sessions = new SessionSettings(2),
            Evaluation = new EvaluationOptions { LatencyRuns = 0, KernelCensus = false },
        };
}
