using System.Text;
using DeepSeek.Edge.Agent.Configuration;
using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Inference.Engine;
using DeepSeek.Edge.Inference.Precision;
using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Testing;
using Microsoft.Extensions.Configuration;

namespace DeepSeek.Edge.Agent.Tests.Configuration;

/// <summary>The <c>Inference</c> sections of agent.json, bound as the agent binds them, down to the dictionaries ONNX Runtime gets.</summary>
public sealed class InferenceSettingsTests
{
    private const string Config = """
        {
          "Agent": {
            "Inference": {
              "Providers": "tensorrt,cuda,cpu", "Policy": "Require", "IntraOpThreads": 2,
              "TensorRt": { "Fp16": false, "WorkspaceMb": 256, "DlaCore": 1, "BuilderOptimizationLevel": 4, "TimingCache": false },
              "Cuda": { "MemoryLimitMb": 512, "ConvAlgoSearch": "heuristic" }
            },
            "Cameras": [
              { "Name": "door", "Source": "test:", "Model": "m", "Inference": { "IntraOpThreads": 1, "TensorRt": { "Fp16": true, "DlaCore": 0 } } },
              { "Name": "yard", "Source": "test:", "Model": "m" },
              { "Name": "lab", "Source": "test:", "Model": "m", "Providers": "cpu" }
            ]
          }
        }
        """;

    private static readonly GraphPrecision Qdq = new(new Dictionary<string, int> { ["QuantizeLinear"] = 4, ["DequantizeLinear"] = 8, ["Conv"] = 4 });

    private static IConfigurationRoot Load(string json) => new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    private static AgentOptions Bind(string json) => Load(json).GetSection(AgentOptions.Section).Get<AgentOptions>()!;

    [Fact]
    public void Resolve_CameraOverAgentOverDefaults_ReachesTheProviderOptionsOnnxRuntimeGets()
    {
        var agent = Bind(Config);
        var manifest = ModelBundle.Open(TestAssets.BlazeFaceFront).Manifest; // fp32: the flags come from the settings alone
        DeepSeek.Edge.Inference.InferenceOptions InferenceOptionsFor(int i) => Resolved(agent, i);

        var door = InferenceOptionsFor(0);
        var doorTrt = ProviderSettings.TensorRt(door.TensorRt, TensorRtPrecision.Resolve(manifest, door.TensorRt, Qdq), "/c");
        Assert.Equal([ExecutionProvider.TensorRT, ExecutionProvider.Cuda, ExecutionProvider.Cpu], door.Providers);
        Assert.Equal(ProviderPolicy.Require, door.Policy);
        Assert.Equal(1, door.Cpu.IntraOpThreads);
        Assert.Equal("1", doorTrt["trt_fp16_enable"]);
        Assert.Equal("0", doorTrt["trt_dla_core"]);
        Assert.Equal("268435456", doorTrt["trt_max_workspace_size"]);
        Assert.Equal("4", doorTrt["trt_builder_optimization_level"]);
        Assert.Equal("0", doorTrt["trt_timing_cache_enable"]);
        Assert.Equal("/var/cache/test/trt", door.TensorRt.CacheDirectory);
        Assert.Equal("1", ProviderSettings.SessionConfig(door.Policy, door.Providers[0])["session.disable_cpu_ep_fallback"]);
        var cuda = ProviderSettings.Cuda(door.Cuda);
        Assert.Equal("536870912", cuda["gpu_mem_limit"]);
        Assert.Equal("HEURISTIC", cuda["cudnn_conv_algo_search"]);

        var yard = InferenceOptionsFor(1);
        var yardTrt = ProviderSettings.TensorRt(yard.TensorRt, TensorRtPrecision.Resolve(manifest, yard.TensorRt, Qdq), "/c");
        Assert.Equal(2, yard.Cpu.IntraOpThreads);
        Assert.Equal("0", yardTrt["trt_fp16_enable"]);
        Assert.Equal("1", yardTrt["trt_dla_core"]);

        Assert.Equal([ExecutionProvider.Cpu], InferenceOptionsFor(2).Providers);
    }

    [Fact]
    public void Resolve_NothingConfigured_IsTheDefaultChainWithFlagsFromThePrecision()
    {
        var options = InferenceSettings.Resolve(new InferenceSettings(), new InferenceSettings(), null, "/x", ThreadBudget.For(new AgentOptions(), cores: 2));

        Assert.Equal([ExecutionProvider.TensorRT, ExecutionProvider.Cuda, ExecutionProvider.Cpu], options.Providers);
        Assert.Equal(ProviderPolicy.Fallback, options.Policy);
        Assert.Null(options.TensorRt.Fp16);
        Assert.Null(options.TensorRt.Int8);
        Assert.Equal(1L << 30, options.TensorRt.WorkspaceBytes);
    }

    private const string TwoCameras = """
        {
          "Agent": {
            "Inference": { "Providers": "cpu" },
            "Cameras": [
              { "Name": "door", "Source": "test:", "Model": "m" },
              { "Name": "yard", "Source": "test:", "Model": "m" }
            ]
          }
        }
        """;

    [Fact]
    public void ThreadBudget_TwoCamerasOnTwoCores_GivesEachCameraOneOrtThread()
    {
        var agent = Bind(TwoCameras);

        var budget = ThreadBudget.For(agent, cores: 2);

        Assert.Equal((2, 2, 1, false), (budget.Cores, budget.Cameras, budget.PerCamera, budget.Configured));
        Assert.All(agent.Cameras, c => Assert.Equal(1, InferenceSettings.Resolve(agent.Inference, c.Inference, c.Providers, "/x", budget).Cpu.IntraOpThreads));
        Assert.Equal("2 cores, 2 camera(s) -> 1 ORT intra-op thread(s) per camera, 1 OpenCV thread(s) (cores / cameras; set Agent:Inference:IntraOpThreads to override)", budget.ToString());
    }

    [Fact]
    public void ThreadBudget_OnThisDevice_SharesItsCoresOutAmongTheCameras()
    {
        var agent = Bind(TwoCameras);

        var budget = ThreadBudget.ForDevice(agent);

        Assert.Equal(Environment.ProcessorCount, budget.Cores);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), budget.PerCamera);
    }

    [Fact]
    public void ThreadBudget_AgentOrCameraIntraOpThreads_OverridesTheShare()
    {
        var agent = Bind("""
            {
              "Agent": {
                "Inference": { "Providers": "cpu", "IntraOpThreads": 2 },
                "Cameras": [
                  { "Name": "door", "Source": "test:", "Model": "m" },
                  { "Name": "yard", "Source": "test:", "Model": "m", "Inference": { "IntraOpThreads": 3 } }
                ]
              }
            }
            """);

        var budget = ThreadBudget.For(agent, cores: 2);

        Assert.Equal((2, true), (budget.PerCamera, budget.Configured));
        Assert.Equal(2, InferenceSettings.Resolve(agent.Inference, agent.Cameras[0].Inference, null, "/x", budget).Cpu.IntraOpThreads);
        Assert.Equal(3, InferenceSettings.Resolve(agent.Inference, agent.Cameras[1].Inference, null, "/x", budget).Cpu.IntraOpThreads);
    }

    [Theory]
    [InlineData("""{"Providers":"tensorrt,npu"}""", "Agent:Inference:Providers: unknown execution provider \"npu\"")]
    [InlineData("""{"IntraOpThreads":-1}""", "Agent:Inference:IntraOpThreads: -1 is out of range")]
    [InlineData("""{"TensorRt":{"BuilderOptimizationLevel":6}}""", "Agent:Inference:TensorRt:BuilderOptimizationLevel: 6 is out of range; use 0-5")]
    [InlineData("""{"TensorRt":{"WorkspaceMb":1}}""", "Agent:Inference:TensorRt:WorkspaceMb: 1 is out of range")]
    [InlineData("""{"TensorRt":{"DlaCore":9}}""", "Agent:Inference:TensorRt:DlaCore: 9 is out of range")]
    [InlineData("""{"Cuda":{"ConvAlgoSearch":"fastest"}}""", "Agent:Inference:Cuda:ConvAlgoSearch: \"fastest\" is not known; use EXHAUSTIVE, HEURISTIC, DEFAULT")]
    public void Validate_BadAgentInferenceKey_NamesTheKeyAndTheFix(string section, string expected)
    {
        var options = Bind($$$"""{"Agent":{"DeviceId":"dev-1","Inference":{{{section}}}}}""");

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CameraChainInBothSpellings_AsksToKeepOne()
    {
        var options = Bind("""{"Agent":{"DeviceId":"dev-1","Cameras":[{"Name":"door","Source":"test:","Model":"m","Providers":"cpu","Inference":{"Providers":"cuda,cpu","TensorRt":{"DlaCore":-1}}}]}}""");

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.Contains("Agent:Cameras:0:Providers: is set and so is Agent:Cameras:0:Inference:Providers; keep only Agent:Cameras:0:Inference:Providers", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Agent:Cameras:0:Inference:TensorRt:DlaCore: -1 is out of range", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigurationCheck_MistypedTensorRtKeyOrBadPolicy_IsReportedWithTheFix()
    {
        var problems = ConfigurationCheck.Problems(Load("""{"Agent":{"Inference":{"Policy":"Strict","TensorRt":{"Fp61":true}}}}"""));

        Assert.Contains(problems, p => p.StartsWith("Agent:Inference:TensorRt:Fp61", StringComparison.Ordinal) && p.Contains("did you mean \"Fp16\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Agent:Inference:Policy", StringComparison.Ordinal) && p.Contains("one of Fallback, Require", StringComparison.Ordinal));
    }

    private static DeepSeek.Edge.Inference.InferenceOptions Resolved(AgentOptions agent, int camera)
    {
        var c = agent.Cameras[camera];
        return InferenceSettings.Resolve(agent.Inference, c.Inference, c.Providers, "/var/cache/test/trt", ThreadBudget.For(agent, cores: 8));
    }
}
