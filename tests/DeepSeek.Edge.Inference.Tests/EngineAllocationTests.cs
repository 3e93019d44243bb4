using DeepSeek.Edge.Inference.Engine;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Inference.Tests;

public sealed class EngineAllocationTests
{
    [Fact]
    public void Run_AfterWarmUp_AllocatesNoManagedMemory()
    {
        var bundle = ModelBundle.Open(TestAssets.BlazeFaceFront);
        using var engine = InferenceEngine.Load(bundle, new InferenceOptions(), ["Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0"]);
        engine.FloatInput.Fill(0.1f);
        for (var i = 0; i < 5; i++) engine.Run();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++) engine.Run();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Run_OutputsHaveTheModelsShapesAndAreFinite()
    {
        var bundle = ModelBundle.Open(TestAssets.BlazeFaceFront);
        using var engine = InferenceEngine.Load(bundle, new InferenceOptions(), []);
        engine.FloatInput.Fill(0f);

        engine.Run();

        Assert.Equal([1, 512, 1], engine.Outputs["Identity:0"].Shape);
        Assert.Equal([1, 384, 16], engine.Outputs["Identity_3:0"].Shape);
        Assert.True(engine.OutputsAreFinite());
    }
}
