using DeepSeek.Edge.Decoding;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Quantization.Samples;
using DeepSeek.Edge.Quantization.Sessions;

namespace DeepSeek.Edge.Quantization.Evaluation;

/// <summary>
/// Runs the FP32 and INT8 models on held-out samples with identical session settings and compares them: cosine
/// similarity per output, top-k agreement (classification), matched boxes (detection, through the manifest's own
/// decoder), latency side by side, and the kernels ORT runs for the INT8 model.
/// </summary>
public static class ModelEvaluator
{
    public static EvaluationResult Evaluate(
        byte[] fp32,
        byte[] int8,
        IReadOnlyList<ModelSample> holdout,
        ModelManifest manifest,
        Func<IOutputDecoder>? decoders,
        SessionSettings settings,
        EvaluationOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fp32);
        ArgumentNullException.ThrowIfNull(int8);
        ArgumentNullException.ThrowIfNull(holdout);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        if (holdout.Count == 0) throw new QuantizationException("no held-out samples to compare FP32 and INT8 on; give at least one image");

        using var reference = settings.Open(fp32);
        using var candidate = settings.Open(int8);
        ModelInterface.RequireSame(reference, candidate);

        var outputs = reference.OutputMetadata.Keys.ToArray();
        var agreement = outputs.Select(o => new OutputAgreementAccumulator(o)).ToArray();
        var referenceDecoder = manifest.Task == ModelTask.Detection ? decoders?.Invoke() : null;
        var candidateDecoder = referenceDecoder is null ? null : decoders!.Invoke();
        var detection = referenceDecoder is null ? null : new DetectionAccumulator(options.MatchIoU);

        ClassificationAccumulator? classification = null;
        var classIndex = -1;
        if (manifest.Task == ModelTask.Classification)
        {
            var name = decoders?.Invoke().OutputNames.FirstOrDefault() ?? outputs[0];
            classIndex = Math.Max(0, Array.IndexOf(outputs, name));
            classification = new ClassificationAccumulator(outputs[classIndex], options.TopK);
        }

        foreach (var sample in holdout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var a = SessionRunner.RunToTensors(reference, sample, outputs);
            var b = SessionRunner.RunToTensors(candidate, sample, outputs);
            for (var i = 0; i < outputs.Length; i++) agreement[i].Add(sample.Source, a[i].Data, b[i].Data);
            classification?.Add(a[classIndex].Data, b[classIndex].Data);
            if (detection is not null)
            {
                var da = referenceDecoder!.Decode(ToOutputs(a), manifest.Thresholds).Detections.ToArray();
                var db = candidateDecoder!.Decode(ToOutputs(b), manifest.Thresholds).Detections.ToArray();
                detection.Add(da, db);
            }
        }

        LatencyStats? fp32Latency = null, int8Latency = null;
        if (options.LatencyRuns > 0)
            (fp32Latency, int8Latency) = LatencyBenchmark.Compare(reference, candidate, holdout[0], options.WarmupRuns, options.LatencyRuns, cancellationToken);

        var kernels = options.KernelCensus ? KernelCensus.Of(int8, settings) : new Dictionary<string, int>();
        return new EvaluationResult(holdout.Count, agreement.Select(x => x.Result()).ToArray(), classification?.Result(), detection?.Result(),
            fp32Latency, int8Latency, settings.IntraOpThreads, kernels);
    }

    private static ModelOutputs ToOutputs(NamedTensor[] tensors) =>
        new(tensors.Select(t => new OutputTensor(t.Name, t.Shape.Select(d => (int)d).ToArray(), t.Data)).ToArray());
}
