using DeepSeek.Edge.Quantization.Samples;
using Microsoft.ML.OnnxRuntime;

namespace DeepSeek.Edge.Quantization.Sessions;

/// <summary>Runs one sample through a session and hands each requested float output to a callback while it is alive.</summary>
public static class SessionRunner
{
    public delegate void OutputVisitor(int index, ReadOnlySpan<float> data, IReadOnlyList<long> shape);

    public static void Run(InferenceSession session, ModelSample sample, IReadOnlyList<string> outputs, OutputVisitor visit)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(visit);
        var values = new OrtValue[sample.Inputs.Count];
        try
        {
            for (var i = 0; i < values.Length; i++)
                values[i] = OrtValue.CreateTensorValueFromMemory(sample.Inputs[i].Data, sample.Inputs[i].Shape);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, sample.Inputs.Select(t => t.Name).ToArray(), values, outputs.ToArray());
            var k = 0;
            foreach (var result in results)
            {
                visit(k, result.GetTensorDataAsSpan<float>(), result.GetTensorTypeAndShape().Shape);
                k++;
            }
        }
        finally
        {
            foreach (var v in values) v?.Dispose();
        }
    }

    /// <summary>Copies of the requested outputs (data and shape) for one sample.</summary>
    public static NamedTensor[] RunToTensors(InferenceSession session, ModelSample sample, IReadOnlyList<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var copies = new NamedTensor[outputs.Count];
        Run(session, sample, outputs, (i, data, shape) => copies[i] = new NamedTensor(outputs[i], data.ToArray(), [.. shape]));
        return copies;
    }
}
