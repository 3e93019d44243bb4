using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Inference.Precision;
using DeepSeek.Edge.Inference.Running;
using DeepSeek.Edge.Inference.Telemetry;
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

    private ModelBundle WithActivations(string activations, string name)
    {
        var dir = Path.Combine(_root, activations);
        Directory.CreateDirectory(dir);
        foreach (var file in Directory.GetFiles(TestAssets.BlazeFaceFront)) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        var manifestPath = Path.Combine(dir, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        manifest["name"] = name;
        manifest["quantization"] = new JsonObject { ["method"] = "static", ["target"] = activations == "int8" ? "tensorrt" : "cpu", ["activations"] = activations };
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        return ModelBundle.Open(dir);
    }

    [Theory]
    [InlineData("uint8", "tensorrt,cpu", true)]
    [InlineData("int8", "tensorrt,cpu", false)]
    [InlineData("uint8", "cpu", false)]
    public void Load_Uint8ActivationsOnAChainStartingWithTensorRt_WarnsCountsAndReportsIt(string activations, string chain, bool warns)
    {
        var name = "faces-" + Guid.NewGuid().ToString("N")[..8];
        long counted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == EdgeMeter.Name && i.Name == "dsedge.model.precision.warnings") l.EnableMeasurementEvents(i); };
        listener.SetMeasurementEventCallback<long>((_, v, tags, _) =>
        {
            foreach (var t in tags) { if (t.Key == "model" && (string?)t.Value == name) Interlocked.Add(ref counted, v); }
        });
        listener.Start();
        var logger = new ListLogger();
        var options = new InferenceOptions().WithProviders(InferenceOptions.ParseChain(chain));

        using var runner = ModelRunner.Load(WithActivations(activations, name), options, logger);

        Assert.Equal(warns, logger.Lines.Any(l => l.Level == LogLevel.Warning && l.Message.Contains("uint8 (asymmetric) activations", StringComparison.Ordinal)));
        Assert.Equal(warns ? [PrecisionWarnings.Uint8ActivationsOnTensorRt] : [], runner.Engine.Setup.PrecisionWarnings);
        Assert.Equal(warns ? 1 : 0, Interlocked.Read(ref counted));
    }
}
