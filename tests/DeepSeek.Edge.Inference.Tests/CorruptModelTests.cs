using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Inference.Engine;
using DeepSeek.Edge.Inference.Running;
using DeepSeek.Edge.Inference.Telemetry;
using DeepSeek.Edge.Models.Store;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Inference.Tests;

/// <summary>A model file that is simply broken fails once with the model's error, not as every provider of the chain falling back.</summary>
public sealed class CorruptModelTests
{
    [Theory]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("truncated")]
    public void Load_CorruptModelFile_FailsOnceWithTheModelErrorAndCountsNoFallback(string kind)
    {
        var name = $"corrupt-{kind}";
        var dir = ModelFixtures.BlazeFaceFrontWith(m => m["name"] = name);
        var modelPath = Path.Combine(dir, "model.onnx");
        var original = File.ReadAllBytes(modelPath);
        byte[] bytes = kind switch
        {
            "garbage" => "this is not an onnx model, it is a text file"u8.ToArray(),
            "empty" => [],
            _ => original[..(original.Length / 2)],
        };
        File.WriteAllBytes(modelPath, bytes);
        var manifestPath = Path.Combine(dir, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        var file = manifest["files"]!.AsArray().Single(f => (string?)f!["path"] == "model.onnx")!;
        file["size"] = bytes.Length;
        file["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes));
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        long fallbacks = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == EdgeMeter.Name && i.Name == "dsedge.provider.fallbacks") l.EnableMeasurementEvents(i); };
        listener.SetMeasurementEventCallback<long>((_, v, tags, _) =>
        {
            foreach (var t in tags) { if (t.Key == "model" && (string?)t.Value == name) Interlocked.Add(ref fallbacks, v); }
        });
        listener.Start();
        var logger = new ListLogger();
        var options = new InferenceOptions().WithProviders(InferenceOptions.ParseChain("tensorrt,cuda,cpu"));

        var ex = Assert.Throws<ModelFileException>(() => ModelRunner.Load(ModelBundle.Open(dir), options, logger));

        Assert.Contains($"model {name}@", ex.Message, StringComparison.Ordinal);
        Assert.Contains("model.onnx cannot be loaded", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pack or fetch the model again", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, Interlocked.Read(ref fallbacks));
        Assert.DoesNotContain(logger.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("cannot be used", StringComparison.Ordinal));
    }
}
