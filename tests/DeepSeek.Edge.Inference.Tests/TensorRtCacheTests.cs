using DeepSeek.Edge.Inference.Engine;
using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Inference.Tests;

public sealed class TensorRtCacheTests
{
    [Fact]
    public void DirectoryFor_DifferentModelsOrPrecisions_NeverShareAnEngineCache()
    {
        var front = ModelBundle.Open(TestAssets.BlazeFaceFront);
        var back = ModelBundle.Open(TestAssets.BlazeFaceBack);
        var fp16 = new TensorRtOptions { Fp16 = true, CacheDirectory = "/cache" };
        var int8 = new TensorRtOptions { Fp16 = true, Int8 = true, CacheDirectory = "/cache" };

        var paths = new[]
        {
            TensorRtCache.DirectoryFor(front, fp16), TensorRtCache.DirectoryFor(back, fp16), TensorRtCache.DirectoryFor(front, int8),
        };

        Assert.Equal(3, paths.Distinct().Count());
        Assert.Contains(front.ModelSha256[..16], paths[0]);
        Assert.Contains(Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString(), paths[0]);
    }
}
