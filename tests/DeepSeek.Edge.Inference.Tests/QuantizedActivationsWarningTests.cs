using System.Text.Json.Nodes;
using DeepSeek.Edge.Inference.Running;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Testing;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Inference.Tests;

/// <summary>A model quantized with uint8 activations (ORT CPU's default) asked to run on TensorRT, which takes symmetric int8 only.</summary>
public sealed class QuantizedActivationsWarningTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ds-edge-activation-warning", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private ModelBundle WithActivations(string activations)
    {
        var dir = Path.Combine(_root, activations);
        Directory.CreateDirectory(dir);
        foreach (var file in Directory.GetFiles(TestAssets.BlazeFaceFront)) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        var manifestPath = Path.Combine(dir, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        manifest["quantization"] = new JsonObject { ["method"] = "static", ["activations"] = activations };
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        return ModelBundle.Open(dir);
    }

    [Theory]
    [InlineData("uint8", true)]
    [InlineData("int8", false)]
    public void Load_OnAChainStartingWithTensorRt_WarnsOnlyForUint8Activations(string activations, bool warns)
    {
        var logger = new ListLogger();
        var options = new InferenceOptions().WithProviders(InferenceOptions.ParseChain("tensorrt,cpu"));

        using var runner = ModelRunner.Load(WithActivations(activations), options, logger);

        Assert.Equal(warns, logger.Lines.Any(l => l.Level == LogLevel.Warning && l.Message.Contains("uint8 (asymmetric) activations", StringComparison.Ordinal)));
    }
}
