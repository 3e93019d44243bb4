using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Decoding;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Quantization.Calibration;
using DeepSeek.Edge.Quantization.Evaluation;
using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Qdq;
using DeepSeek.Edge.Quantization.Samples;
using DeepSeek.Edge.Quantization.Sessions;
using DeepSeek.Edge.Quantization.Tests.Support;
using DeepSeek.Edge.Testing;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepSeek.Edge.Quantization.Tests.Qdq;

public sealed class StaticQuantizerTests
{
    private static readonly SessionSettings Settings = new(2);
    private static readonly EvaluationOptions NoLatency = new() { LatencyRuns = 0, KernelCensus = false };

    private static (byte[] Fp32, byte[] Int8, StaticQuantizationResult Result) Quantize(ModelBundle bundle, IReadOnlyList<ModelSample> calibration, StaticQuantizationOptions options)
    {
        var fp32 = File.ReadAllBytes(bundle.ModelPath);
        var result = StaticQuantizer.Quantize(OnnxModelFile.Parse(fp32), calibration, options, Settings);
        return (fp32, OnnxModelFile.ToBytes(result.Model), result);
    }

    [Fact]
    public void Quantize_ResNet18Featurizer_EmbeddingCosineAtLeast099()
    {
        var bundle = ModelBundle.Open(TestAssets.ResNet18);
        var (fp32, int8, result) = Quantize(bundle, RealSamples.Photos(bundle), new StaticQuantizationOptions());

        var evaluation = ModelEvaluator.Evaluate(fp32, int8, RealSamples.Media(bundle), bundle.Manifest, null, Settings, NoLatency);

        Assert.Equal(22, QdqAssert.WeightsArePerChannelInt8(result.Model, "Conv"));
        var embedding = Assert.Single(evaluation.Outputs);
        Assert.True(embedding.MeanCosine >= 0.99, $"mean cosine {embedding.MeanCosine}");
        Assert.True(embedding.WorstCosine >= 0.98, $"worst cosine {embedding.WorstCosine} ({embedding.WorstSample})");
        Assert.True(int8.Length * 3 < fp32.Length, $"INT8 {int8.Length} bytes vs FP32 {fp32.Length}");
    }

    [Fact]
    public void Quantize_PaddleClassifierWithConstantWeights_WeightsInt8AndTopClassMostlyKept()
    {
        var bundle = ModelBundle.Open(TestAssets.TextAngle);
        var lines = RealSamples.TextLines(bundle);
        var (fp32, int8, result) = Quantize(bundle, lines, new StaticQuantizationOptions());

        var evaluation = ModelEvaluator.Evaluate(fp32, int8, [.. lines, .. RealSamples.TextLines(bundle, holdout: true)], bundle.Manifest, () => DecoderFactory.Create(bundle.Manifest), Settings, NoLatency);

        Assert.Equal(54, QdqAssert.WeightsArePerChannelInt8(result.Model, "Conv", "MatMul"));
        var classification = Assert.IsType<ClassificationAgreement>(evaluation.Classification);
        Assert.True(classification.Top1Agreement >= 0.75, $"top-1 agreement {classification.Top1Agreement}");
        Assert.True(evaluation.Outputs[0].MeanCosine >= 0.9, $"mean cosine {evaluation.Outputs[0].MeanCosine}");
    }

    [Theory]
    [InlineData(CalibrationMethod.Percentile)]
    [InlineData(CalibrationMethod.Entropy)]
    public void Quantize_BlazeFaceWithHistogramCalibrator_FindsTheSameFaces(CalibrationMethod calibrator)
    {
        var bundle = ModelBundle.Open(TestAssets.BlazeFaceFront);
        var (fp32, int8, _) = Quantize(bundle, RealSamples.Photos(bundle), new StaticQuantizationOptions { Calibrator = calibrator });

        var evaluation = ModelEvaluator.Evaluate(fp32, int8, RealSamples.Media(bundle), bundle.Manifest, () => DecoderFactory.Create(bundle.Manifest), Settings, NoLatency);

        var detection = Assert.IsType<DetectionAgreement>(evaluation.Detection);
        Assert.True(detection.SameDetections && detection.WorstIoU >= 0.9, $"matched {detection.Matched}/{detection.Fp32Detections}, INT8 found {detection.Int8Detections}, worst IoU {detection.WorstIoU}");
    }

    [Fact]
    public void Quantize_Int8Activations_SymmetricZeroPointsFloatBiasesAndStillFindsTheFace()
    {
        var bundle = ModelBundle.Open(TestAssets.BlazeFaceFront);
        var (fp32, int8, result) = Quantize(bundle, RealSamples.Photos(bundle), new StaticQuantizationOptions { Activations = ActivationType.Int8 });

        var evaluation = ModelEvaluator.Evaluate(fp32, int8, RealSamples.Media(bundle), bundle.Manifest, () => DecoderFactory.Create(bundle.Manifest), Settings, NoLatency);

        QdqAssert.ActivationsAre(result.Model, DataType.Int8, zeroPointIsZero: true);
        var index = new GraphIndex(result.Model.Graph);
        Assert.All(result.Model.Graph.Node.Where(n => n.OpType == "Conv" && n.Input.Count > 2),
            conv => Assert.True(TensorData.IsFloat(index.Initializers[conv.Input[2]]), "TensorRT takes float biases"));
        var detection = Assert.IsType<DetectionAgreement>(evaluation.Detection);
        Assert.True(detection.SameDetections && detection.WorstIoU >= 0.9, $"matched {detection.Matched}/{detection.Fp32Detections}, worst IoU {detection.WorstIoU}");
    }

    [Fact]
    public void Quantize_ExcludedNodeAndOpType_StayFloat()
    {
        var bundle = ModelBundle.Open(TestAssets.BlazeFaceFront);
        const string first = "StatefulPartitionedCall/functional_1/conv2d/BiasAdd";
        var options = new StaticQuantizationOptions { ExcludeNodes = [first], ExcludeOpTypes = ["add"] };
        var (_, _, result) = Quantize(bundle, RealSamples.Photos(bundle).Take(3).ToArray(), options);

        var graph = result.Model.Graph;
        var index = new GraphIndex(graph);
        var conv = graph.Node.Single(n => n.Name == first);
        Assert.True(index.IsInitializer(conv.Input[1]) && TensorData.IsFloat(index.Initializers[conv.Input[1]]), "excluded Conv keeps its float weight");
        Assert.All(graph.Node.Where(n => n.OpType == "Add"), add => Assert.DoesNotContain(index.ConsumersOf(add.Output[0]), c => c.OpType == "QuantizeLinear"));
        Assert.Equal(17, result.Summary.Excluded.Count);
        Assert.Equal(15, result.Summary.QuantizedNodes["Conv"]); // the convs that write an excluded Add's input or read the excluded conv's output stay float with them
    }

    [Fact]
    public void Quantize_ExcludedAdds_GetFloatInputsAndOutputsSoOrtRunsThemFloat()
    {
        var bundle = ModelBundle.Open(TestAssets.BlazeFaceFront);
        var options = new StaticQuantizationOptions { ExcludeOpTypes = ["Add"] };
        var (_, int8, result) = Quantize(bundle, RealSamples.Photos(bundle).Take(3).ToArray(), options);

        var graph = result.Model.Graph;
        var index = new GraphIndex(graph);
        var adds = graph.Node.Where(n => n.OpType == "Add").ToArray();
        Assert.Equal(16, adds.Length);
        foreach (var add in adds)
        {
            Assert.All(add.Input, input => Assert.NotEqual("DequantizeLinear", index.ProducerOf(input)?.OpType));
            Assert.DoesNotContain(index.ConsumersOf(add.Output[0]), c => c.OpType == "QuantizeLinear");
        }

        var kernels = KernelCensus.Of(int8, Settings);
        Assert.False(kernels.ContainsKey("QLinearAdd"), "ORT fused an excluded Add back: " + string.Join(", ", kernels.Select(k => $"{k.Key} x{k.Value}")));
        Assert.True(kernels.GetValueOrDefault("Add") > 0, "the excluded Adds run as float Add");
        Assert.True(kernels.GetValueOrDefault("QLinearConv") > 0, "the convs between the Adds stay quantized");
    }

    [Fact]
    public void Quantize_ExclusionsThatMatchNothing_AreRefusedNamingThemWithTheClosestName()
    {
        var bundle = ModelBundle.Open(TestAssets.BlazeFaceFront);
        var options = new StaticQuantizationOptions
        {
            ExcludeNodes = ["StatefulPartitionedCall/functional_1/conv2d/BiasAd", "conv2d_1/BiasAdd"],
            ExcludeOpTypes = ["Add", "Gemm", "Concatt"],
        };

        var ex = Assert.Throws<QuantizationException>(() => Quantize(bundle, RealSamples.Photos(bundle).Take(1).ToArray(), options));

        Assert.Contains("--exclude-node \"StatefulPartitionedCall/functional_1/conv2d/BiasAd\": no such node", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(did you mean \"StatefulPartitionedCall/functional_1/conv2d/BiasAdd\"?)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("names that contain it: \"StatefulPartitionedCall/functional_1/conv2d_1/BiasAdd\"", ex.Message, StringComparison.Ordinal); // a part of a long exported name
        Assert.Contains("--exclude-op \"Gemm\": the model has no such op (it has", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--exclude-op \"Concatt\": the model has no such op (did you mean \"Concat\"?)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Add\":", ex.Message, StringComparison.Ordinal); // BlazeFace has Adds: that one is fine
    }

    [Fact]
    public void Quantize_NoSamples_RefusesWithAnActionableMessage()
    {
        var bundle = ModelBundle.Open(TestAssets.BlazeFaceFront);

        var ex = Assert.Throws<QuantizationException>(() => Quantize(bundle, [], new StaticQuantizationOptions()));

        Assert.Contains("at least one image", ex.Message, StringComparison.Ordinal);
    }
}
