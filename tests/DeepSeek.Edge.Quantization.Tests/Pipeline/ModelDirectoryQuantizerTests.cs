using System.Text.Json;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Quantization.Evaluation;
using DeepSeek.Edge.Quantization.Report;
using DeepSeek.Edge.Quantization.Sessions;
using DeepSeek.Edge.Quantization.Tests.Support;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Quantization.Tests.Pipeline;

public sealed class ModelDirectoryQuantizerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ds-edge-quantize-tests", Guid.NewGuid().ToString("N"));

    public ModelDirectoryQuantizerTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private QuantizeRequest Request(string model, string? output = null) =>
        new(model, RealSamples.PhotosDir, output ?? Path.Combine(_root, "int8"))
        {
            HoldoutDirectory = TestAssets.MediaDir,
            Sessions = new SessionSettings(2),
            Evaluation = new EvaluationOptions { LatencyRuns = 3, WarmupRuns = 1 },
        };

    [Fact]
    public void Run_BlazeFace_WritesAValidInt8ModelDirectoryAndReport()
    {
        var request = Request(TestAssets.BlazeFaceFront);

        var report = new ModelDirectoryQuantizer().Run(request);

        var source = ModelBundle.Open(TestAssets.BlazeFaceFront);
        var written = ModelBundle.Open(request.OutputDirectory);
        Assert.Equal(ModelPrecision.INT8, written.Manifest.Precision);
        Assert.Equal(source.Manifest.Id + "-int8", written.Manifest.Id);
        Assert.Equal(source.Manifest.Input.Shape, written.Manifest.Input.Shape);
        Assert.Equal(source.Manifest.Decoder.Kind, written.Manifest.Decoder.Kind);
        Assert.Equal(new FileInfo(written.ModelPath).Length, written.Manifest.Files.Single(f => f.Path == "model.onnx").Size);

        var block = written.Manifest.Quantization!.Value;
        Assert.Equal("static", block.GetProperty("method").GetString());
        Assert.Equal("minmax", block.GetProperty("calibrator").GetString());
        Assert.Equal(14, block.GetProperty("samples").GetInt32());
        Assert.Equal(source.ModelSha256, block.GetProperty("fp32_sha256").GetString());
        Assert.Equal(JsonValueKind.Object, block.GetProperty("evaluation").GetProperty("detection").ValueKind);

        Assert.Equal(report.Int8Sha256, written.ModelSha256);
        Assert.True(report.Evaluation.Detection!.SameDetections);
        Assert.NotNull(report.Evaluation.Int8Latency);
        var text = ReportWriter.Format(report);
        Assert.Contains("FP32", text, StringComparison.Ordinal);
        Assert.Matches(@"latency median \(2t\) .* ms .* ms +(.*x (faster|slower)|same speed)", text); // within 0.5% the report says "same speed"
        Assert.Contains("QLinearConv", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ClassifierWithLabelsFile_CopiesTheLabels()
    {
        var request = Request(TestAssets.TextAngle) with
        {
            CalibrationDirectory = TextLines.CalibrationDir, HoldoutDirectory = TextLines.HoldoutDir,
            Evaluation = new EvaluationOptions { LatencyRuns = 0, KernelCensus = false },
        };

        new ModelDirectoryQuantizer().Run(request);

        var written = ModelBundle.Open(request.OutputDirectory);
        Assert.Equal(ModelBundle.Open(TestAssets.TextAngle).Manifest.Labels, written.Manifest.Labels);
    }

    [Fact]
    public void Run_DynamicMethod_NeedsNoCalibrationAndComparesOnEveryImage()
    {
        var request = new QuantizeRequest(TestAssets.TextAngle, RealSamples.PhotosDir, Path.Combine(_root, "dynamic"))
        {
            Method = QuantizationMethod.Dynamic,
            Sessions = new SessionSettings(2),
            Evaluation = new EvaluationOptions { LatencyRuns = 0, KernelCensus = false },
        };

        var report = new ModelDirectoryQuantizer().Run(request);

        Assert.Equal(0, report.CalibrationSamples);
        Assert.Equal(14, report.Evaluation.Samples);
        var block = ModelBundle.Open(request.OutputDirectory).Manifest.Quantization!.Value;
        Assert.Equal("dynamic", block.GetProperty("method").GetString());
        Assert.False(block.TryGetProperty("calibrator", out _));
    }

    [Fact]
    public void Run_OutputDirectoryWithFiles_RefusesWithoutForce()
    {
        var output = Path.Combine(_root, "busy");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "mine");

        var ex = Assert.Throws<QuantizationException>(() => new ModelDirectoryQuantizer().Run(Request(TestAssets.BlazeFaceFront, output) with
        {
            Evaluation = new EvaluationOptions { LatencyRuns = 0, KernelCensus = false },
        }));

        Assert.Contains("--force", ex.Message, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "keep.txt")));
    }

    [Fact]
    public void Run_CalibrationFolderWithoutImages_NamesTheOption()
    {
        var empty = Path.Combine(_root, "empty");
        Directory.CreateDirectory(empty);

        var ex = Assert.Throws<QuantizationException>(() => new ModelDirectoryQuantizer().Run(Request(TestAssets.BlazeFaceFront) with { CalibrationDirectory = empty }));

        Assert.Contains("--calibration", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "int8")));
    }

    [Fact]
    public void Run_ModelAlreadyInt8_Refuses()
    {
        var request = Request(TestAssets.BlazeFaceFront) with { Evaluation = new EvaluationOptions { LatencyRuns = 0, KernelCensus = false } };
        new ModelDirectoryQuantizer().Run(request);

        var ex = Assert.Throws<QuantizationException>(() => new ModelDirectoryQuantizer().Run(Request(request.OutputDirectory, Path.Combine(_root, "again"))));

        Assert.Contains("already int8", ex.Message, StringComparison.Ordinal);
    }
}
