using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Quantization.Evaluation;
using DeepSeek.Edge.Quantization.Gate;
using DeepSeek.Edge.Quantization.Mixed;
using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Report;
using DeepSeek.Edge.Quantization.Sessions;
using DeepSeek.Edge.Quantization.Tests.Support;
using DeepSeek.Edge.Testing;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Quantization.Tests.Mixed;

/// <summary>Accuracy-driven mixed precision on real models: BlazeFace back misses the budget all-INT8 and the search keeps its most sensitive layers float (ResNet-18, which meets it, is not searched: AccuracyGateTests).</summary>
public sealed class MixedPrecisionTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ds-edge-mixed-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private QuantizeRequest Request(string model) => GateRequests.For(model, _root);

    [Fact]
    public void Run_BlazeFaceBack_KeepsTheMostSensitiveLayersFloatUntilTheBudgetIsMet()
    {
        var request = Request(TestAssets.BlazeFaceBack);

        var report = new ModelDirectoryQuantizer().Run(request);

        output.WriteLine(ReportWriter.Format(report));
        var mixed = Assert.IsType<MixedPrecisionResult>(report.MixedPrecision);
        Assert.False(mixed.AllInt8Verdict!.Passed); // all-INT8 invents faces
        Assert.True(report.Verdict.Passed && report.Written, string.Join("; ", report.Verdict.Misses));
        var floatLayers = mixed.Chosen!.FloatLayers;
        Assert.InRange(floatLayers.Count, 1, mixed.MaxFloatLayers);
        Assert.Equal(mixed.Sensitivities[0].Layer, floatLayers[0]); // the most sensitive layer is the first kept float

        var written = ModelBundle.Open(request.OutputDirectory);
        var graph = OnnxModelFile.Load(written.ModelPath).Graph;
        var index = new GraphIndex(graph);
        foreach (var layer in floatLayers)
        {
            var node = graph.Node.Single(n => n.Name == layer.Name);
            Assert.True(TensorData.IsFloat(index.Initializers[node.Input[1]]), $"{layer.Description} keeps its float weight");
            Assert.NotEqual("DequantizeLinear", index.ProducerOf(node.Input[0])?.OpType);
            Assert.DoesNotContain(index.ConsumersOf(node.Output[0]), c => c.OpType == "QuantizeLinear");
        }

        var int8Convs = graph.Node.Count(n => n.OpType == "Conv" && index.ProducerOf(n.Input[1])?.OpType == "DequantizeLinear");
        Assert.True(int8Convs >= 55, $"the rest stays INT8: {int8Convs} of {graph.Node.Count(n => n.OpType == "Conv")} convs have int8 weights");
        var block = written.Manifest.Quantization!.Value.GetProperty("mixed_precision");
        Assert.True(block.GetProperty("passed").GetBoolean());
        Assert.Equal(floatLayers.Select(l => l.Description), block.GetProperty("float_layers").EnumerateArray().Select(e => e.GetString()));
        Assert.NotEmpty(block.GetProperty("all_int8").GetProperty("misses").EnumerateArray());
        Assert.Equal(mixed.Sensitivities.Count, block.GetProperty("search").GetProperty("layers_measured").GetInt32());
    }

    [Fact]
    public void Run_BlazeFaceBackWithABudgetTheSearchCannotMeet_IsRefusedWithTheLayerAnalysis()
    {
        var request = Request(TestAssets.BlazeFaceBack) with
        {
            Budget = new AccuracyBudget { MinMeanIoU = 0.99 },
            MixedPrecision = new MixedPrecisionOptions { MaxFloatLayers = 2, SensitivitySamples = 2 },
        };

        var report = new ModelDirectoryQuantizer().Run(request);

        var text = ReportWriter.Format(report);
        output.WriteLine(text);
        Assert.False(report.Verdict.Passed);
        Assert.False(report.Written);
        Assert.False(Directory.Exists(request.OutputDirectory));
        var mixed = Assert.IsType<MixedPrecisionResult>(report.MixedPrecision);
        Assert.Null(mixed.Chosen);
        Assert.Equal(2, mixed.Trials.Count);
        Assert.True(mixed.Sensitivities.Count > 90, $"{mixed.Sensitivities.Count} layers measured");
        Assert.Contains("layer sensitivity", text, StringComparison.Ordinal);
        Assert.Contains(mixed.Sensitivities[0].Layer.Description, text, StringComparison.Ordinal);
        Assert.Contains("even with the 2 most sensitive layers float; NOT written", text, StringComparison.Ordinal);
    }
}
