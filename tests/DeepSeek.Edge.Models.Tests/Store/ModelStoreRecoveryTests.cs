using System.Text;
using DeepSeek.Edge.Models.Store;
using static DeepSeek.Edge.Models.Tests.Store.StoreFixture;

namespace DeepSeek.Edge.Models.Tests.Store;

/// <summary>Recover() on the states a crash or damage can leave behind, built on disk step by step.</summary>
public sealed class ModelStoreRecoveryTests : IDisposable
{
    private readonly StoreFixture _f = new();

    private ModelStore UpdatedFrontCamera()
    {
        var store = _f.Open();
        store.Stage(_f.Package("1.0.0"));
        store.Stage(_f.Package("1.1.0"));
        store.Activate("front", Faces("1.0.0"));
        store.Activate("front", Faces("1.1.0"));
        return store;
    }

    [Fact]
    public void Recover_CleanStore_ReportsClean()
    {
        using var store = UpdatedFrontCamera();

        var report = store.Recover();

        Assert.True(report.Clean);
        Assert.Equal(Faces("1.1.0"), store.GetActive("front")!.Model);
    }

    [Fact]
    public void Recover_InterruptedStagingAndPointerWrite_RemovesTheLeftoversOnly()
    {
        using var store = UpdatedFrontCamera();
        var half = Path.Combine(store.Layout.StagingDirectory, "stage-0123");
        Directory.CreateDirectory(half);
        File.WriteAllBytes(Path.Combine(half, "model.onnx"), new byte[1000]);
        File.WriteAllText(Path.Combine(store.Layout.ActiveDirectory, ".front.json.77.tmp"), "{\"schema\":");

        var report = store.Recover();

        Assert.Equal([Path.Combine(".staging", "stage-0123"), Path.Combine("active", ".front.json.77.tmp")], report.RemovedLeftovers);
        Assert.Empty(report.Fallbacks);
        Assert.Empty(Directory.GetFileSystemEntries(store.Layout.StagingDirectory));
        Assert.Equal(["front.json"], Directory.GetFiles(store.Layout.ActiveDirectory).Select(Path.GetFileName));
        Assert.Equal(Faces("1.1.0"), store.GetActive("front")!.Model);
    }

    [Fact]
    public void Recover_ActiveVersionDamaged_QuarantinesItAndFallsBackToThePrevious()
    {
        using var store = UpdatedFrontCamera();
        _f.Corrupt("1.1.0");

        var report = store.Recover();

        var fallback = Assert.Single(report.Fallbacks);
        Assert.Equal(new PointerFallback("front", Faces("1.1.0"), Faces("1.0.0"), fallback.Reason), fallback);
        Assert.Contains("model.onnx", fallback.Reason);
        Assert.Equal(Faces("1.0.0"), store.GetActive("front")!.Model);
        Assert.Null(store.GetActive("front")!.Previous);
        Assert.False(Directory.Exists(Path.Combine(_f.Root, "faces", "1.1.0")));
        var quarantined = Assert.Single(report.Quarantined);
        Assert.Contains("model.onnx", File.ReadAllText(Path.Combine(quarantined, "reason.txt")));
    }

    [Fact]
    public void Recover_ActiveManifestEditedOnDisk_FailsItsSignatureAndFallsBack()
    {
        using var store = UpdatedFrontCamera();
        var manifest = Path.Combine(_f.Root, "faces", "1.1.0", "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"score\": 0.5", "\"score\": 0.05", StringComparison.Ordinal), Encoding.UTF8);

        var report = store.Recover();

        Assert.Contains("does not match manifest.json", Assert.Single(report.Fallbacks).Reason);
        Assert.Equal(Faces("1.0.0"), store.GetActive("front")!.Model);
    }

    [Fact]
    public void Recover_ActiveVersionDirectoryGone_FallsBackToThePrevious()
    {
        using var store = UpdatedFrontCamera();
        Directory.Delete(Path.Combine(_f.Root, "faces", "1.1.0"), recursive: true);

        var report = store.Recover();

        Assert.Equal(Faces("1.0.0"), Assert.Single(report.Fallbacks).To);
        Assert.Empty(report.Quarantined);
    }

    [Fact]
    public void Recover_ActiveAndPreviousDamaged_LeavesTheCameraWithoutAModel()
    {
        using var store = UpdatedFrontCamera();
        _f.Corrupt("1.1.0");
        _f.Corrupt("1.0.0");

        var report = store.Recover();

        var fallback = Assert.Single(report.Fallbacks);
        Assert.Null(fallback.To);
        Assert.Contains("previous version", fallback.Reason);
        Assert.Null(store.GetActive("front"));
        Assert.Equal(2, report.Quarantined.Count);
    }

    [Fact]
    public void Recover_TwoCamerasOnTheSameDamagedVersion_BothFallBackAndItIsQuarantinedOnce()
    {
        using var store = UpdatedFrontCamera();
        store.Activate("back", Faces("1.0.0"));
        store.Activate("back", Faces("1.1.0"));
        _f.Corrupt("1.1.0");

        var report = store.Recover();

        Assert.Equal(["back", "front"], report.Fallbacks.Select(f => f.Camera));
        Assert.All(store.ActiveModels(), a => Assert.Equal(Faces("1.0.0"), a.Model));
        Assert.Single(report.Quarantined);
    }

    [Fact]
    public void Recover_UnreadablePointer_IsRemovedAndReported()
    {
        using var store = UpdatedFrontCamera();
        File.WriteAllText(store.Layout.ActiveFile("side"), "{not json");

        var report = store.Recover();

        var fallback = Assert.Single(report.Fallbacks);
        Assert.Equal("side", fallback.Camera);
        Assert.Contains("unreadable", fallback.Reason);
        Assert.False(File.Exists(store.Layout.ActiveFile("side")));
        Assert.Equal(Faces("1.1.0"), store.GetActive("front")!.Model);
    }

    public void Dispose() => _f.Dispose();
}
