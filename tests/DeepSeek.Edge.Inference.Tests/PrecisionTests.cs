using DeepSeek.Edge.Inference.Engine;
using DeepSeek.Edge.Inference.Precision;
using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Inference.Running;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Testing;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Inference.Tests;

public sealed class PrecisionTests
{
    private static readonly GraphPrecision Qdq = new(new Dictionary<string, int> { ["Conv"] = 10, ["QuantizeLinear"] = 12, ["DequantizeLinear"] = 22 });
    private static readonly GraphPrecision Float = new(new Dictionary<string, int> { ["Conv"] = 10, ["Relu"] = 9 });
    private static readonly GraphPrecision OrtQuantized = new(new Dictionary<string, int> { ["ConvInteger"] = 10, ["DynamicQuantizeLinear"] = 10 });

    [Fact]
    public void Load_Int8ManifestOnAnFp32Graph_IsRefusedNamingTheModelAndTheFix()
    {
        var dir = ModelFixtures.BlazeFaceFrontWith(m => m["precision"] = "int8");

        var ex = Assert.Throws<ModelContractException>(() => ModelRunner.Load(ModelBundle.Open(dir), new InferenceOptions()));

        Assert.Contains("model blazeface-front@", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.precision is \"int8\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no quantized operators", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Conv x", ex.Message, StringComparison.Ordinal);
        Assert.Contains("set \"precision\": \"fp32\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ds-edge quantize", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Count_BlazeFace_ReadsTheStoredGraphsOperators()
    {
        var graph = GraphPrecision.Of(ModelBundle.Open(TestAssets.BlazeFaceFront).ModelPath);

        Assert.False(graph.IsQuantized);
        Assert.True(graph.Ops["Conv"] > 20, graph.Describe());
        Assert.Contains("Add", graph.Ops.Keys);
    }

    [Theory]
    [InlineData("fp32", "0", "0")]
    [InlineData("fp16", "1", "0")]
    [InlineData("int8", "1", "1")] // explicit quantization: INT8 from the Q/DQ scales, FP16 for the layers left in float, as TensorRT advises
    public void TensorRtSettings_FollowThePrecision(string precision, string fp16, string int8)
    {
        var trt = TensorRtPrecision.Resolve(Manifest(precision), new TensorRtOptions(), Qdq);

        var settings = ProviderSettings.TensorRt(new TensorRtOptions(), trt, "/cache/entry");

        Assert.Equal(fp16, settings["trt_fp16_enable"]);
        Assert.Equal(int8, settings["trt_int8_enable"]);
        Assert.DoesNotContain(settings.Keys, k => k.Contains("calibration", StringComparison.Ordinal));
        Assert.Equal("/cache/entry", settings["trt_engine_cache_path"]);
    }

    [Fact]
    public void TensorRtSettings_OptionsOverrideThePrecisionAndCarryEveryBuilderSetting()
    {
        var options = new TensorRtOptions { Fp16 = false, DeviceId = 1, DlaCore = 0, BuilderOptimizationLevel = 5, WorkspaceBytes = 256L << 20, TimingCache = false };

        var settings = ProviderSettings.TensorRt(options, TensorRtPrecision.Resolve(Manifest("int8"), options, Qdq), "/c");

        Assert.Equal("0", settings["trt_fp16_enable"]);
        Assert.Equal("1", settings["trt_int8_enable"]);
        Assert.Equal("1", settings["device_id"]);
        Assert.Equal("1", settings["trt_dla_enable"]);
        Assert.Equal("0", settings["trt_dla_core"]);
        Assert.Equal("5", settings["trt_builder_optimization_level"]);
        Assert.Equal("268435456", settings["trt_max_workspace_size"]);
        Assert.Equal("0", settings["trt_timing_cache_enable"]);
        Assert.False(settings.ContainsKey("trt_timing_cache_path"));
    }

    [Fact]
    public void TensorRtInt8_OnAGraphWithoutQdq_IsRefusedWhenForcedAndOffWhenTheQuantizationIsOrtsOwn()
    {
        var ex = Assert.Throws<ModelContractException>(() => TensorRtPrecision.Resolve(Manifest("fp32"), new TensorRtOptions { Int8 = true }, Float));
        Assert.Contains("calibration table", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--target tensorrt", ex.Message, StringComparison.Ordinal);

        var ort = TensorRtPrecision.Resolve(Manifest("int8"), new TensorRtOptions(), OrtQuantized);
        Assert.False(ort.Int8);
        Assert.True(ort.Fp16);
    }

    [Fact]
    public void SessionConfig_RequireWithAGpuProviderFirst_DisablesCpuFallback()
    {
        Assert.Equal("1", ProviderSettings.SessionConfig(ProviderPolicy.Require, ExecutionProvider.TensorRT)["session.disable_cpu_ep_fallback"]);
        Assert.Empty(ProviderSettings.SessionConfig(ProviderPolicy.Fallback, ExecutionProvider.TensorRT));
        Assert.Empty(ProviderSettings.SessionConfig(ProviderPolicy.Require, ExecutionProvider.Cpu));
    }

    [Fact]
    public void CudaSettings_CarryDeviceMemoryLimitAndAlgorithmSearch()
    {
        var settings = ProviderSettings.Cuda(new CudaOptions { DeviceId = 2, MemoryLimitBytes = 512L << 20, ConvAlgoSearch = "HEURISTIC" });

        Assert.Equal("2", settings["device_id"]);
        Assert.Equal("536870912", settings["gpu_mem_limit"]);
        Assert.Equal("HEURISTIC", settings["cudnn_conv_algo_search"]);
    }

    [Fact]
    public void Load_Fp16ModelOnCpu_SaysOnceWhatThePrecisionMeansThere()
    {
        var dir = ModelFixtures.BlazeFaceFrontWith(m => { m["precision"] = "fp16"; m["version"] = "9.9.1-fp16note"; });
        var logger = new ListLogger();

        using (ModelRunner.Load(ModelBundle.Open(dir), new InferenceOptions(), logger)) { }
        using (var again = ModelRunner.Load(ModelBundle.Open(dir), new InferenceOptions(), logger))
        {
            Assert.Equal(ModelPrecision.FP16, again.Engine.Setup.Precision);
            Assert.Null(again.Engine.Setup.TensorRt); // no tensorrt in the chain: no flags
        }

        var notes = logger.Lines.Where(l => l.Level == LogLevel.Information && l.Message.Contains("is fp16 and runs on CPU", StringComparison.Ordinal)).ToList();
        Assert.Single(notes);
        Assert.Contains("no FP16 flag", notes[0].Message, StringComparison.Ordinal);
    }

    private static ModelManifest Manifest(string precision)
    {
        var dir = ModelFixtures.BlazeFaceFrontWith(m => m["precision"] = precision);
        return ModelBundle.Open(dir).Manifest;
    }
}
