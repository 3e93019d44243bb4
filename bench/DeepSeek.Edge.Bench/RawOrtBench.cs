using System.Diagnostics;
using DeepSeek.Edge.Decoding;
using DeepSeek.Edge.Inference;
using DeepSeek.Edge.Inference.Engine;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Bench;

/// <summary>(a) ONNX Runtime alone: the engine's Run on a prepared tensor, nothing else.</summary>
internal static class RawOrtBench
{
    public static Measurement Run(ModelBundle bundle, InferenceOptions options, float[] tensor, int frames)
    {
        var decoder = DecoderFactory.Create(bundle.Manifest);
        using var engine = InferenceEngine.Load(bundle, options, decoder.OutputNames);
        tensor.CopyTo(engine.FloatInput);
        for (var i = 0; i < 20; i++) engine.Run();

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < frames; i++) engine.Run();
        var elapsed = Stopwatch.GetElapsedTime(start);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return new Measurement(frames / elapsed.TotalSeconds, allocated / (double)frames);
    }
}
