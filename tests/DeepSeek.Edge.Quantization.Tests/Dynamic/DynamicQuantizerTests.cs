using DeepSeek.Edge.Decoding;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Quantization.Dynamic;
using DeepSeek.Edge.Quantization.Evaluation;
using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Sessions;
using DeepSeek.Edge.Quantization.Tests.Support;
using DeepSeek.Edge.Testing;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepSeek.Edge.Quantization.Tests.Dynamic;

public sealed class DynamicQuantizerTests
{
    [Fact]
    public void Quantize_ClassifierWithMatMulHead_Int8WeightsAndSameTopClass()
    {
        var bundle = ModelBundle.Open(TestAssets.TextAngle);
        var fp32 = File.ReadAllBytes(bundle.ModelPath);

        var result = DynamicQuantizer.Quantize(OnnxModelFile.Parse(fp32), new DynamicQuantizationOptions());

        var graph = result.Model.Graph;
        var index = new GraphIndex(graph);
        var matMul = Assert.Single(graph.Node, n => n.OpType == "MatMulInteger");
        Assert.Equal((int)DataType.Int8, index.Initializers[matMul.Input[1]].DataType);
        Assert.Equal("DynamicQuantizeLinear", index.ProducerOf(matMul.Input[0])?.OpType);
        Assert.DoesNotContain(graph.Node, n => n.OpType == "MatMul");

        var samples = RealSamples.Photos(bundle).Concat(RealSamples.Media(bundle)).ToArray();
        var evaluation = ModelEvaluator.Evaluate(fp32, OnnxModelFile.ToBytes(result.Model), samples, bundle.Manifest,
            () => DecoderFactory.Create(bundle.Manifest), new SessionSettings(2), new EvaluationOptions { LatencyRuns = 0, KernelCensus = false });
        Assert.True(evaluation.Classification!.Top1Agreement >= 0.9, $"top-1 agreement {evaluation.Classification.Top1Agreement}");
        Assert.True(evaluation.Outputs[0].MeanCosine >= 0.99, $"mean cosine {evaluation.Outputs[0].MeanCosine}");
    }

    [Fact]
    public void Quantize_ConvolutionalModelWithoutMatMul_RefusesAndPointsToStatic()
    {
        var model = OnnxModelFile.Load(ModelBundle.Open(TestAssets.BlazeFaceFront).ModelPath);

        var ex = Assert.Throws<QuantizationException>(() => DynamicQuantizer.Quantize(model, new DynamicQuantizationOptions()));

        Assert.Contains("--method static", ex.Message, StringComparison.Ordinal);
    }
}
