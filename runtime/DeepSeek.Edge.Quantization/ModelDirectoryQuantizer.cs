using System.Security.Cryptography;
using DeepSeek.Edge.Decoding;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Quantization.Dynamic;
using DeepSeek.Edge.Quantization.Evaluation;
using DeepSeek.Edge.Quantization.Gate;
using DeepSeek.Edge.Quantization.Mixed;
using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Packaging;
using DeepSeek.Edge.Quantization.Qdq;
using DeepSeek.Edge.Quantization.Report;
using DeepSeek.Edge.Quantization.Samples;
using DeepSeek.Edge.Vision.Images;
using Onnx;

namespace DeepSeek.Edge.Quantization;

/// <summary>
/// The whole <c>ds-edge quantize</c> job: open and verify the FP32 model directory, preprocess sample images with
/// the manifest's own input spec, quantize, compare INT8 with FP32 on held-out images, write the INT8 model directory.
/// </summary>
public sealed class ModelDirectoryQuantizer
{
    private readonly Func<ModelManifest, IOutputDecoder> _decoders;
    private readonly Action<string> _progress;

    /// <param name="decoders">Decoder for a manifest (detection accuracy); defaults to <see cref="DecoderFactory.Create"/>.</param>
    /// <param name="progress">Receives one line per step.</param>
    public ModelDirectoryQuantizer(Func<ModelManifest, IOutputDecoder>? decoders = null, Action<string>? progress = null)
    {
        _decoders = decoders ?? DecoderFactory.Create;
        _progress = progress ?? (_ => { });
    }

    public QuantizationReport Run(QuantizeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bundle = ModelBundle.Open(request.ModelDirectory);
        var manifest = bundle.Manifest;
        if (manifest.Precision != ModelPrecision.FP32)
            throw new QuantizationException($"model {manifest.Id} is already {manifest.Precision.ToString().ToLowerInvariant()}; quantize its FP32 model directory");

        CheckTarget(request);
        QuantizedModelWriter.CheckTarget(bundle, request.OutputDirectory, request.Overwrite);
        var (calibrationImages, holdoutImages) = Images(request);
        _progress($"preprocessing {calibrationImages.Count} calibration and {holdoutImages.Count} held-out images with {manifest.Id}'s input spec");
        var calibration = ManifestImageSamples.Load(manifest.Input, calibrationImages, cancellationToken);
        var holdout = ManifestImageSamples.Load(manifest.Input, holdoutImages, cancellationToken);

        var fp32Bytes = File.ReadAllBytes(bundle.ModelPath);
        var fp32 = OnnxModelFile.Parse(fp32Bytes, bundle.ModelPath);
        _progress($"quantizing ({request.Method.ToString().ToLowerInvariant()})");
        var calibrated = request.Method == QuantizationMethod.Static
            ? StaticQuantizer.Calibrate(fp32, calibration, request.Static, request.Sessions, cancellationToken)
            : null;
        var quantized = calibrated is not null ? Quantized.From(calibrated.Write()) : Quantized.From(DynamicQuantizer.Quantize(fp32, request.Dynamic));

        EvaluationResult Evaluate(byte[] int8, EvaluationOptions options) =>
            ModelEvaluator.Evaluate(fp32Bytes, int8, holdout, manifest, () => _decoders(manifest), request.Sessions, options, cancellationToken);

        byte[] int8Bytes = [];
        QuantizationReport Judge(Quantized q)
        {
            var bytes = int8Bytes = OnnxModelFile.ToBytes(q.Model);
            var evaluation = Evaluate(bytes, request.Evaluation);
            return new QuantizationReport(
                manifest.Id, Path.GetFullPath(request.OutputDirectory), request.Method,
                calibrated is not null ? request.Static.Calibrator : null,
                calibrated is not null ? request.Static.Activations : null,
                calibrated is not null ? calibration.Count : 0,
                fp32Bytes.LongLength, bytes.LongLength, bundle.ModelSha256, Convert.ToHexStringLower(SHA256.HashData(bytes)),
                q.Nodes, q.Pairs, q.Notes, q.Excluded, evaluation,
                AccuracyGate.Check(manifest.Task, evaluation, request.Budget)) { Target = request.Target, KeptFloat = q.KeptFloat };
        }

        _progress($"comparing FP32 and INT8 on {holdout.Count} held-out images ({request.Sessions.IntraOpThreads} threads)");
        var report = Judge(quantized);
        if (!report.Verdict.Passed && calibrated is not null && request.MixedPrecision.MaxFloatLayers > 0)
        {
            _progress($"INT8 misses the accuracy budget ({string.Join("; ", report.Verdict.Misses)}); searching for the fewest layers to keep float (at most {request.MixedPrecision.MaxFloatLayers})");
            var quick = request.Evaluation with { LatencyRuns = 0, KernelCensus = false };
            var search = MixedPrecisionSearch.Run(calibrated, calibration, request.MixedPrecision, request.Sessions,
                bytes => AccuracyGate.Check(manifest.Task, Evaluate(bytes, quick), request.Budget),
                _progress, cancellationToken) with { AllInt8Bytes = report.Int8Bytes, AllInt8Speedup = report.Evaluation.Speedup, AllInt8Verdict = report.Verdict };
            if (search.Model is { } mixed)
            {
                _progress($"comparing FP32 and the mixed-precision model ({search.Chosen!.FloatLayers.Count} layer(s) float)");
                report = Judge(Quantized.From(mixed));
            }

            report = report with { MixedPrecision = search };
        }

        if (!report.Verdict.Passed && !request.AcceptBelowBudget)
        {
            _progress($"not writing {report.OutputDirectory}: INT8 misses the accuracy budget ({string.Join("; ", report.Verdict.Misses)})");
            return report;
        }

        _progress($"writing {report.OutputDirectory}");
        QuantizedModelWriter.Write(bundle, int8Bytes, request.OutputDirectory, QuantizationBlock.From(report), request.Overwrite);
        return report with { Written = true };
    }

    /// <summary>TensorRT's explicit INT8 path takes symmetric int8 activations only: a uint8 model for it would not build in INT8.</summary>
    private static void CheckTarget(QuantizeRequest request)
    {
        if (request.Method == QuantizationMethod.Static && request.Target == QuantizationTarget.TensorRT && request.Static.Activations != ActivationType.Int8)
        {
            throw new QuantizationException(
                $"--target tensorrt with --activations {request.Static.Activations.ToString().ToLowerInvariant()}: TensorRT's INT8 path takes symmetric int8 activations only; drop --activations (tensorrt picks int8) or use --target cpu");
        }
    }

    private sealed record Quantized(ModelProto Model, IReadOnlyDictionary<string, int> Nodes, int Pairs, IReadOnlyList<string> Notes, IReadOnlyList<string> Excluded, IReadOnlyList<string> KeptFloat)
    {
        public static Quantized From(StaticQuantizationResult s) =>
            new(s.Model, s.Summary.QuantizedNodes, s.Summary.ActivationPairs, s.PreparationNotes, s.Summary.Excluded, s.Summary.KeptFloat);

        public static Quantized From(DynamicQuantizationResult d) => new(d.Model, d.QuantizedNodes, 0, d.PreparationNotes, [], []);
    }

    /// <summary>Calibration and held-out images. Dynamic quantization needs no calibration, so every image is used for the comparison.</summary>
    private static (IReadOnlyList<string> Calibration, IReadOnlyList<string> Holdout) Images(QuantizeRequest request)
    {
        var images = List(request.CalibrationDirectory, "--calibration");
        if (request.Method == QuantizationMethod.Dynamic)
            return ([], request.HoldoutDirectory is null ? images : List(request.HoldoutDirectory, "--holdout"));
        if (request.HoldoutDirectory is null)
        {
            var (calibration, holdout) = HoldoutSplit.Split(images);
            return (calibration.Take(request.MaxCalibrationImages).ToArray(), holdout);
        }

        return (images.Take(request.MaxCalibrationImages).ToArray(), List(request.HoldoutDirectory, "--holdout"));
    }

    private static IReadOnlyList<string> List(string directory, string option)
    {
        if (!Directory.Exists(directory))
            throw new QuantizationException($"{option} \"{directory}\" is not a directory; give a folder of sample images (png, jpg...)");
        var images = ImageFiles.ListImages(directory);
        if (images.Count == 0)
            throw new QuantizationException($"{option} \"{directory}\" has no image files (png, jpg, jpeg, bmp, webp, tif); add sample images like the camera sees");
        return images;
    }
}
