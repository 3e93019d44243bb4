using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Inference;
using DeepSeek.Edge.Inference.Engine;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Quantization.Tests.Support;
using DeepSeek.Edge.Testing;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Quantization.Tests.Precision;

/// <summary>A real Q/DQ model with an <c>int8</c> manifest: accepted at load, TensorRT's flags are explicit INT8 with FP16, and the placement shows the quantized operators on CPU.</summary>
public sealed class Int8LoadTests(QuantizedBlazeFace quantized, ITestOutputHelper output) : IClassFixture<QuantizedBlazeFace>, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ds-edge-int8-load", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Load_QdqModelWithInt8Manifest_RunsTheQuantizedOperatorsAndAsksTensorRtForExplicitInt8()
    {
        Directory.CreateDirectory(_dir);
        foreach (var file in Directory.GetFiles(TestAssets.BlazeFaceFront)) File.Copy(file, Path.Combine(_dir, Path.GetFileName(file)));
        File.WriteAllBytes(Path.Combine(_dir, "model.onnx"), quantized.Int8);
        var manifestPath = Path.Combine(_dir, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        manifest["precision"] = "int8";
        var entry = manifest["files"]!.AsArray().Single(f => (string?)f!["path"] == "model.onnx")!;
        entry["size"] = quantized.Int8.Length;
        entry["sha256"] = Convert.ToHexStringLower(SHA256.HashData(quantized.Int8));
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        var options = new InferenceOptions().WithProviders(InferenceOptions.ParseChain("tensorrt,cpu"));

        using var engine = InferenceEngine.Load(ModelBundle.Open(_dir), options, []);

        output.WriteLine($"blazeface-front int8: graph {engine.Setup.Graph.Describe(10)}; placement {engine.Placement}");
        Assert.Equal(ModelPrecision.INT8, engine.Setup.Precision);
        Assert.True(engine.Setup.Graph.HasQdq);
        Assert.Equal("int8+fp16", engine.Setup.TensorRt!.ToString());
        var cpu = Assert.Single(engine.Placement!.Providers);
        Assert.Contains(cpu.Ops.Keys, op => op.StartsWith("QLinear", StringComparison.Ordinal) || op is "QuantizeLinear" or "DequantizeLinear");
    }
}
