using DeepSeek.Edge.Inference.Engine;
using DeepSeek.Edge.Inference.Precision;
using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Inference.Tests;

public sealed class TensorRtCacheTests : IDisposable
{
    private static readonly TensorRtPrecision Fp16 = new(true, false);
    private static readonly GpuTarget Orin = new("10.3.0", "12.6", "Orin", "8.7", "NVIDIA Jetson AGX Orin Developer Kit");
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ds-edge-trt-cache-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void DirectoryFor_AnythingTheEngineDependsOn_GivesAnotherEntry()
    {
        var front = ModelBundle.Open(TestAssets.BlazeFaceFront);
        var back = ModelBundle.Open(TestAssets.BlazeFaceBack);
        TensorRtOptions Options(Action<TensorRtOptions>? edit = null)
        {
            var o = new TensorRtOptions { CacheDirectory = _root };
            edit?.Invoke(o);
            return o;
        }

        var paths = new[]
        {
            TensorRtCache.DirectoryFor(front, Options(), Fp16, Orin),
            TensorRtCache.DirectoryFor(back, Options(), Fp16, Orin),
            TensorRtCache.DirectoryFor(front, Options(), new TensorRtPrecision(true, true), Orin),
            TensorRtCache.DirectoryFor(front, Options(o => o.WorkspaceBytes = 1L << 28), Fp16, Orin),
            TensorRtCache.DirectoryFor(front, Options(o => o.DlaCore = 0), Fp16, Orin),
            TensorRtCache.DirectoryFor(front, Options(o => o.BuilderOptimizationLevel = 5), Fp16, Orin),
            TensorRtCache.DirectoryFor(front, Options(), Fp16, Orin with { TensorRtVersion = "10.4.0" }),
            TensorRtCache.DirectoryFor(front, Options(), Fp16, Orin with { ComputeCapability = "7.2", GpuName = "Xavier" }),
            TensorRtCache.DirectoryFor(front, Options(), Fp16, Orin with { CudaDriverVersion = "12.2" }),
        };

        Assert.Equal(paths.Length, paths.Distinct().Count());
        Assert.StartsWith(Path.Combine(_root, "blazeface-front", front.ModelSha256[..12] + "-fp16-"), paths[0], StringComparison.Ordinal);
        Assert.Equal(paths[0], TensorRtCache.DirectoryFor(front, Options(), Fp16, Orin));
    }

    [Fact]
    public void Prepare_WritesTheKeyAndCollectsEntriesOfAnotherTargetOrLongUnused()
    {
        var front = ModelBundle.Open(TestAssets.BlazeFaceFront);
        var back = ModelBundle.Open(TestAssets.BlazeFaceBack);
        var options = new TensorRtOptions { CacheDirectory = _root };
        var now = DateTimeOffset.UtcNow;
        string Entry(ModelBundle bundle, TensorRtPrecision precision, GpuTarget target, TimeSpan age)
        {
            var dir = Directory.CreateDirectory(TensorRtCache.DirectoryFor(bundle, options, precision, target)).FullName;
            var key = Path.Combine(dir, TensorRtCache.KeyFile);
            File.WriteAllText(key, "");
            File.SetLastWriteTimeUtc(key, (now - age).UtcDateTime);
            return dir;
        }

        var oldTarget = Entry(front, Fp16, Orin with { TensorRtVersion = "8.6.2" }, TimeSpan.FromHours(1));
        var idle = Entry(back, Fp16, Orin, TimeSpan.FromDays(31));
        var recent = Entry(back, new TensorRtPrecision(true, true), Orin, TimeSpan.FromDays(2));
        var oldLayout = Directory.CreateDirectory(Path.Combine(_root, "blazeface-front", front.ModelSha256[..16] + "-ort1.20.0-fp16")).FullName;
        var notOurs = Directory.CreateDirectory(Path.Combine(_root, "blazeface-front", "notes")).FullName;

        var prepared = TensorRtCache.Prepare(front, options, Fp16, Orin, now);

        Assert.Equal(new[] { oldTarget, idle, oldLayout }.Order(StringComparer.Ordinal), prepared.Collected.Order(StringComparer.Ordinal));
        Assert.True(Directory.Exists(recent));
        Assert.True(Directory.Exists(notOurs));
        var key = File.ReadAllLines(Path.Combine(prepared.Directory, TensorRtCache.KeyFile));
        Assert.Contains($"model_sha256={front.ModelSha256}", key);
        Assert.Contains("tensorrt=10.3.0", key);
        Assert.Contains("compute_capability=8.7", key);
        Assert.Contains("precision=fp16", key);
        Assert.Contains("workspace_bytes=1073741824", key);
        Assert.Contains("dla_core=none", key);
    }

    [Theory]
    [InlineData(100300, "10.3.0")]
    [InlineData(8601, "8.6.1")]
    public void FormatTensorRtVersion_ReadsBothEncodings(int encoded, string version) =>
        Assert.Equal(version, GpuTarget.FormatTensorRtVersion(encoded));

    [Fact]
    public void Probe_WithoutCudaOrTensorRtLibraries_KnowsNothingRatherThanFailing()
    {
        var target = GpuTarget.Probe(0);

        if (File.Exists("/usr/lib/x86_64-linux-gnu/libcuda.so.1") || File.Exists("/usr/lib/aarch64-linux-gnu/libcuda.so.1")) return; // a GPU machine reads real values
        Assert.Null(target.GpuName);
        Assert.Null(target.TensorRtVersion);
    }
}
