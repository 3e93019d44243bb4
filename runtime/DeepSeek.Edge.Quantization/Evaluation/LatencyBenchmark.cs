using System.Diagnostics;
using DeepSeek.Edge.Quantization.Samples;
using DeepSeek.Edge.Quantization.Sessions;
using Microsoft.ML.OnnxRuntime;

namespace DeepSeek.Edge.Quantization.Evaluation;

/// <summary>
/// Times two sessions on the same input, interleaved run by run (alternating which goes first) so that load from
/// other processes on the machine affects both alike.
/// </summary>
public static class LatencyBenchmark
{
    public static (LatencyStats First, LatencyStats Second) Compare(InferenceSession first, InferenceSession second, ModelSample sample, int warmupRuns, int runs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(sample);
        var firstOutputs = first.OutputMetadata.Keys.ToArray();
        var secondOutputs = second.OutputMetadata.Keys.ToArray();
        for (var i = 0; i < warmupRuns; i++)
        {
            SessionRunner.Run(first, sample, firstOutputs, static (_, _, _) => { });
            SessionRunner.Run(second, sample, secondOutputs, static (_, _, _) => { });
        }

        var a = new List<double>(runs);
        var b = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i % 2 == 0)
            {
                a.Add(Time(first, sample, firstOutputs));
                b.Add(Time(second, sample, secondOutputs));
            }
            else
            {
                b.Add(Time(second, sample, secondOutputs));
                a.Add(Time(first, sample, firstOutputs));
            }
        }

        return (LatencyStats.From(a), LatencyStats.From(b));
    }

    private static double Time(InferenceSession session, ModelSample sample, string[] outputs)
    {
        var start = Stopwatch.GetTimestamp();
        SessionRunner.Run(session, sample, outputs, static (_, _, _) => { });
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
