using DeepSeek.Edge.Decoding;
using DeepSeek.Edge.Quantization.Evaluation;
using DeepSeek.Edge.Quantization.Sessions;
using DeepSeek.Edge.Quantization.Tests.Support;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepSeek.Edge.Quantization.Tests.Qdq;

public sealed class StaticQuantizerBlazeFaceTests : IClassFixture<QuantizedBlazeFace>
{
    private static readonly EvaluationOptions NoLatency = new() { LatencyRuns = 0, KernelCensus = false };
    private readonly QuantizedBlazeFace _q;

    public StaticQuantizerBlazeFaceTests(QuantizedBlazeFace quantized) => _q = quantized;

    [Fact]
    public void Quantize_BlazeFace_EveryConvWeightIsInt8PerChannelWithPositiveScales()
    {
        var convs = QdqAssert.WeightsArePerChannelInt8(_q.Result.Model, "Conv");

        Assert.Equal(37, convs);
        Assert.DoesNotContain(_q.Result.Model.Graph.Initializer, i => i.DataType == (int)DataType.Float && i.Dims.Count == 4);
    }

    [Fact]
    public void Quantize_BlazeFace_ActivationsAreUInt8AndConvBiasesInt32()
    {
        QdqAssert.ActivationsAre(_q.Result.Model, DataType.Uint8, zeroPointIsZero: false);
        var index = new DeepSeek.Edge.Quantization.Onnx.GraphIndex(_q.Result.Model.Graph);
        foreach (var conv in _q.Result.Model.Graph.Node.Where(n => n.OpType == "Conv" && n.Input.Count > 2))
        {
            var dq = index.ProducerOf(conv.Input[2]);
            Assert.Equal("DequantizeLinear", dq?.OpType);
            Assert.Equal((int)DataType.Int32, index.Initializers[dq!.Input[0]].DataType);
        }
    }

    [Fact]
    public void Quantize_BlazeFace_OrtFusesConvIntoQLinearConv()
    {
        var kernels = KernelCensus.Of(_q.Int8, new SessionSettings(1));

        Assert.True(kernels.GetValueOrDefault("QLinearConv") >= 30, $"ORT runs: {string.Join(", ", kernels.Select(k => $"{k.Key} x{k.Value}"))}");
        Assert.True(kernels.GetValueOrDefault("QLinearAdd") >= 10);
    }

    [Fact]
    public void Quantize_BlazeFace_FindsTheSameFacesAsFp32()
    {
        var manifest = _q.Bundle.Manifest;
        var result = ModelEvaluator.Evaluate(_q.Fp32, _q.Int8, _q.Holdout, manifest, () => DecoderFactory.Create(manifest), new SessionSettings(2), NoLatency);

        var detection = Assert.IsType<DetectionAgreement>(result.Detection);
        Assert.True(detection.Fp32Detections >= 1, "FP32 finds the astronaut's face");
        Assert.True(detection.SameDetections, $"{detection.Matched} of {detection.Fp32Detections} FP32 faces matched; INT8 found {detection.Int8Detections}");
        Assert.True(detection.WorstIoU >= 0.9, $"worst IoU {detection.WorstIoU}");
    }

    [Fact]
    public void Quantize_BlazeFace_KeepsInputAndOutputNamesAndShapes()
    {
        using var fp32 = new SessionSettings(1).Open(_q.Fp32);
        using var int8 = new SessionSettings(1).Open(_q.Int8);

        ModelInterface.RequireSame(fp32, int8);
        Assert.Equal(["Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0"], int8.OutputMetadata.Keys);
        Assert.Equal([1, 512, 16], int8.OutputMetadata["Identity_2:0"].Dimensions);
    }
}
