using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Quantization.Evaluation;
using DeepSeek.Edge.Quantization.Gate;
using DeepSeek.Edge.Quantization.Mixed;
using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Qdq;
using DeepSeek.Edge.Quantization.Report;
using DeepSeek.Edge.Quantization.Sessions;
using DeepSeek.Edge.Quantization.Tests.Support;
using DeepSeek.Edge.Testing;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepSeek.Edge.Quantization.Tests.Gate;

/// <summary>The accuracy gate on real models: BlazeFace back's INT8 model invents faces and is refused; ResNet-18 passes.</summary>
public sealed class AccuracyGateTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ds-edge-gate-tests", Guid.NewGuid().ToString("N"));

    public AccuracyGateTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly MixedPrecisionOptions NoSearch = new() { MaxFloatLayers = 0 };

    private QuantizeRequest Request(string model) => GateRequests.For(model, _root);

    [Fact]
    public void Run_BlazeFaceBackWithoutMixedPrecision_MissesThePrecisionBudgetAndWritesNothing()
    {
        var request = Request(TestAssets.BlazeFaceBack) with { MixedPrecision = NoSearch };

        var report = new ModelDirectoryQuantizer().Run(request);

        Assert.False(report.Verdict.Passed);
        Assert.False(report.Written);
        Assert.Contains(report.Verdict.Figures, f => f.Name == "precision" && !f.Met);
        Assert.False(Directory.Exists(request.OutputDirectory) && Directory.EnumerateFileSystemEntries(request.OutputDirectory).Any());
        Assert.Contains("NOT written", ReportWriter.Format(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BlazeFaceBackAcceptedBelowBudget_WritesItAndTheManifestRecordsTheMiss()
    {
        var request = Request(TestAssets.BlazeFaceBack) with { AcceptBelowBudget = true, MixedPrecision = NoSearch };

        var report = new ModelDirectoryQuantizer().Run(request);

        Assert.True(report.Written);
        var gate = ModelBundle.Open(request.OutputDirectory).Manifest.Quantization!.Value.GetProperty("accuracy_gate");
        Assert.False(gate.GetProperty("passed").GetBoolean());
        Assert.False(gate.GetProperty("figures").GetProperty("precision").GetProperty("met").GetBoolean());
        Assert.Contains("precision", gate.GetProperty("misses")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ResNet18_MeetsTheEmbeddingBudgetAndRecordsIt()
    {
        var request = Request(TestAssets.ResNet18);

        var report = new ModelDirectoryQuantizer().Run(request);

        Assert.True(report.Verdict.Passed);
        Assert.True(report.Written);
        Assert.Null(report.MixedPrecision); // met all-INT8: no layer analysis, nothing kept float
        Assert.Empty(report.Excluded);
        Assert.Contains(report.Verdict.Figures, f => f.Name.EndsWith("worst cosine", StringComparison.Ordinal));
        var manifest = ModelBundle.Open(request.OutputDirectory).Manifest;
        Assert.True(manifest.Quantization!.Value.GetProperty("accuracy_gate").GetProperty("passed").GetBoolean());
        Assert.Equal(new QuantizationInfo(QuantizationTarget.Cpu, ActivationType.UInt8), manifest.QuantizationInfo);
    }

    [Fact]
    public void Run_ResNet18ForTensorRt_SymmetricInt8ActivationsMeetTheBudgetAndTheManifestRecordsTheTarget()
    {
        var request = Request(TestAssets.ResNet18) with
        {
            Target = QuantizationTarget.TensorRT,
            Static = new StaticQuantizationOptions { Activations = QuantizationTarget.TensorRT.Activations() },
        };

        var report = new ModelDirectoryQuantizer().Run(request);

        Assert.True(report.Verdict.Passed, string.Join("; ", report.Verdict.Misses));
        var written = ModelBundle.Open(request.OutputDirectory);
        Assert.Equal(new QuantizationInfo(QuantizationTarget.TensorRT, ActivationType.Int8), written.Manifest.QuantizationInfo);
        var model = OnnxModelFile.Load(written.ModelPath);
        QdqAssert.ActivationsAre(model, DataType.Int8, zeroPointIsZero: true);
        Assert.Equal(22, QdqAssert.WeightsArePerChannelInt8(model, "Conv"));
        Assert.Contains("static QDQ for tensorrt", ReportWriter.Format(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TensorRtTargetWithUint8Activations_IsRefusedBeforeAnyWork()
    {
        var request = Request(TestAssets.ResNet18) with { Target = QuantizationTarget.TensorRT };

        var ex = Assert.Throws<QuantizationException>(() => new ModelDirectoryQuantizer().Run(request));

        Assert.Contains("TensorRT's INT8 path takes symmetric int8 activations only", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(request.OutputDirectory));
    }

    [Fact]
    public void Check_ABudgetNoModelCanMeet_NamesTheMissedFigure()
    {
        var detection = new DetectionAgreement(Fp32Detections: 4, Int8Detections: 4, Matched: 2, MeanIoU: 0.9, WorstIoU: 0.85, MeanScoreDelta: 0.01, MaxScoreDelta: 0.02);
        var evaluation = new EvaluationResult(3, [], null, detection, null, null, 2, new Dictionary<string, int>());

        var verdict = AccuracyGate.Check(ModelTask.Detection, evaluation, new AccuracyBudget());

        Assert.False(verdict.Passed);
        Assert.Equal(["recall 0.5000 < 0.9000", "precision 0.5000 < 0.9000"], verdict.Misses);
    }
}
