using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Agent.Tests.Cli;

/// <summary><c>ds-edge quantize</c>'s accuracy gate as a script sees it: exit code, what was written, what the message says.</summary>
public sealed class QuantizeCliTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ds-edge-quantize-cli", Guid.NewGuid().ToString("N"));

    public QuantizeCliTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Quantize_BlazeFaceBackWithoutMixedPrecision_ExitsThreeAndWritesNothingNamingTheMissedFigure()
    {
        var output = Path.Combine(_root, "int8");

        var (exit, stdout, stderr) = await DsEdge.RunAsync("quantize", "--model", TestAssets.BlazeFaceBack, "--calibration", Path.Combine(TestAssets.MediaDir, "photos"),
            "--eval", TestAssets.MediaDir, "--out", output, "--runs", "0", "--threads", "2", "--max-float-layers", "0");

        Assert.Equal(3, exit);
        Assert.Contains("precision", stderr, StringComparison.Ordinal);
        Assert.Contains("NOT written", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "manifest.json")));
    }

    [Fact]
    public async Task Quantize_BudgetOutsideZeroToOne_ExitsTwoNamingTheOption()
    {
        var (exit, _, stderr) = await DsEdge.RunAsync("quantize", "--model", TestAssets.BlazeFaceBack, "--calibration", TestAssets.MediaDir,
            "--out", Path.Combine(_root, "int8"), "--min-recall", "1.5");

        Assert.Equal(2, exit);
        Assert.Contains("--min-recall", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quantize_TargetTensorRt_WritesSymmetricInt8Activations()
    {
        var output = Path.Combine(_root, "trt");

        var (exit, _, _) = await DsEdge.RunAsync("quantize", "--model", TestAssets.ResNet18, "--calibration", Path.Combine(TestAssets.MediaDir, "photos"),
            "--eval", TestAssets.MediaDir, "--out", output, "--runs", "0", "--threads", "2", "--target", "tensorrt");

        Assert.Equal(0, exit);
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "manifest.json")));
        Assert.Equal("int8", manifest.RootElement.GetProperty("quantization").GetProperty("activations").GetString());
        Assert.Equal("tensorrt", manifest.RootElement.GetProperty("quantization").GetProperty("target").GetString());
    }

    [Theory]
    [InlineData("--target", "tensorrt", "--activations", "uint8", "TensorRT's INT8 path takes symmetric int8 activations only")]
    [InlineData("--target", "tensorrtt", "--activations", "int8", "--target is \"tensorrtt\" (did you mean \"tensorrt\"?)")]
    [InlineData("--exclude-op", "Concatt", "--threads", "2", "--exclude-op \"Concatt\": the model has no such op (did you mean \"Concat\"?)")]
    public async Task Quantize_TargetActivationsOrExclusionThatCannotBe_ExitsTwoNamingIt(string option, string value, string other, string otherValue, string expected)
    {
        var output = Path.Combine(_root, "refused");

        var (exit, _, stderr) = await DsEdge.RunAsync("quantize", "--model", TestAssets.BlazeFaceFront, "--calibration", Path.Combine(TestAssets.MediaDir, "photos"),
            "--out", output, "--runs", "0", option, value, other, otherValue);

        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }
}
