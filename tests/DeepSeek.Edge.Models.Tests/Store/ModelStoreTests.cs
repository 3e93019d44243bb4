using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Models.Tests.Support;
using static DeepSeek.Edge.Models.Tests.Store.StoreFixture;

namespace DeepSeek.Edge.Models.Tests.Store;

public sealed class ModelStoreTests : IDisposable
{
    private readonly StoreFixture _f = new();

    [Fact]
    public void Stage_SignedPackage_InstallsTheVersionDirectoryAndLeavesNothingInStaging()
    {
        using var store = _f.Open();

        var staged = store.Stage(_f.Package("1.0.0"));

        Assert.False(staged.AlreadyPresent);
        Assert.Equal(Faces("1.0.0"), staged.Model);
        Assert.Equal(Path.Combine(_f.Root, "faces", "1.0.0"), staged.Directory);
        Assert.Equal(["manifest.json", "manifest.sig", "model.onnx"], Directory.GetFiles(staged.Directory).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetFileSystemEntries(store.Layout.StagingDirectory));
        Assert.Equal(_f.Key.KeyId, store.Load(staged.Model).Signature!.KeyId);
    }

    [Fact]
    public void Stage_SamePackageAgain_IsANoOp()
    {
        using var store = _f.Open();
        store.Stage(_f.Package("1.0.0"));

        var again = store.Stage(_f.Package("1.0.0"));

        Assert.True(again.AlreadyPresent);
        Assert.Empty(Directory.GetFileSystemEntries(store.Layout.QuarantineDirectory));
    }

    [Fact]
    public void Stage_InstalledVersionWithADifferentManifest_IsRejectedAsImmutable()
    {
        using var store = _f.Open();
        store.Stage(_f.Package("1.0.0"));

        var ex = Assert.Throws<PackageRejectedException>(() => store.Stage(_f.Package("1.0.0", model: "blazeface-back")));

        Assert.Contains("versions are immutable", ex.Message);
        Assert.Equal("d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51", store.Load(Faces("1.0.0")).ModelSha256);
    }

    [Fact]
    public void Stage_UnsignedPackage_IsQuarantinedWithTheReasonAndNotInstalled()
    {
        using var store = _f.Open();
        var package = TestModels.Pack(_f.Temp.Path, key: null, fileName: "unsigned.zip");

        var ex = Assert.Throws<PackageRejectedException>(() => store.Stage(package));

        Assert.IsType<SignatureException>(ex.InnerException);
        Assert.StartsWith(Path.Combine(_f.Root, "quarantine", "blazeface-front-1.0.0-20250601T120000000Z"), ex.QuarantinePath);
        Assert.Contains("unsigned", File.ReadAllText(Path.Combine(ex.QuarantinePath, "reason.txt")));
        Assert.Equal(File.ReadAllBytes(package), File.ReadAllBytes(Path.Combine(ex.QuarantinePath, "package.zip")));
        Assert.False(Directory.Exists(Path.Combine(_f.Root, "blazeface-front")));
        Assert.Empty(Directory.GetFileSystemEntries(store.Layout.StagingDirectory));
    }

    [Fact]
    public void Stage_PackageOverTheSizeLimit_IsQuarantinedWithoutACopy()
    {
        using var store = _f.Open(new ModelStoreOptions { Limits = new PackageLimits { MaxPackageBytes = 50_000 } });

        var ex = Assert.Throws<PackageRejectedException>(() => store.Stage(_f.Package("1.0.0")));

        Assert.Contains("over the 50000-byte limit", File.ReadAllText(Path.Combine(ex.QuarantinePath, "reason.txt")));
        Assert.False(File.Exists(Path.Combine(ex.QuarantinePath, "package.zip")));
    }

    [Fact]
    public void Stage_CorruptPackage_NoVersionDirectoryAppears()
    {
        using var store = _f.Open();
        var package = _f.Package("1.0.0");
        var bytes = File.ReadAllBytes(package);
        bytes[bytes.Length * 6 / 10] ^= 0x20;
        var corrupt = _f.Temp.Combine("corrupt.zip");
        File.WriteAllBytes(corrupt, bytes);

        var ex = Assert.Throws<PackageRejectedException>(() => store.Stage(corrupt));

        Assert.IsType<ModelIntegrityException>(ex.InnerException);
        Assert.False(Directory.Exists(Path.Combine(_f.Root, "faces", "1.0.0")));
        Assert.Single(Directory.GetDirectories(store.Layout.QuarantineDirectory));
    }

    [Fact]
    public void Stage_InstalledCopyDamaged_QuarantinesItAndInstallsAFreshOne()
    {
        using var store = _f.Open();
        store.Stage(_f.Package("1.0.0"));
        _f.Corrupt("1.0.0");

        var staged = store.Stage(_f.Package("1.0.0"));

        Assert.False(staged.AlreadyPresent);
        store.Load(Faces("1.0.0"));
        var quarantined = Assert.Single(Directory.GetDirectories(store.Layout.QuarantineDirectory));
        Assert.True(File.Exists(Path.Combine(quarantined, "files", "model.onnx")));
    }

    [Fact]
    public void Activate_ThenAnotherVersion_RemembersThePreviousOne()
    {
        using var store = _f.Open();
        store.Stage(_f.Package("1.0.0"));
        store.Stage(_f.Package("1.1.0"));

        store.Activate("front", Faces("1.0.0"));
        _f.Time.Advance(TimeSpan.FromMinutes(1));
        var active = store.Activate("front", Faces("1.1.0"));

        Assert.Equal(new ActiveModel("front", Faces("1.1.0"), Faces("1.0.0"), _f.Time.Now), active);
        Assert.Equal(active, store.GetActive("front"));
        Assert.Equal([active], store.ActiveModels());
        Assert.Single(Directory.GetFiles(store.Layout.ActiveDirectory));
    }

    [Fact]
    public void Activate_SameVersionAgain_KeepsThePrevious()
    {
        using var store = _f.Open();
        store.Stage(_f.Package("1.0.0"));
        store.Stage(_f.Package("1.1.0"));
        store.Activate("front", Faces("1.0.0"));
        store.Activate("front", Faces("1.1.0"));

        var again = store.Activate("front", Faces("1.1.0"));

        Assert.Equal(Faces("1.0.0"), again.Previous);
    }

    [Fact]
    public void Activate_VersionNotInstalled_SaysToStageItFirst()
    {
        using var store = _f.Open();

        var ex = Assert.Throws<DirectoryNotFoundException>(() => store.Activate("front", Faces("9.9.9")));

        Assert.Contains("stage its package first", ex.Message);
        Assert.Null(store.GetActive("front"));
    }

    [Fact]
    public void Activate_DamagedVersion_IsRefusedAndThePointerUnchanged()
    {
        using var store = _f.Open();
        store.Stage(_f.Package("1.0.0"));
        store.Stage(_f.Package("1.1.0"));
        store.Activate("front", Faces("1.0.0"));
        _f.Corrupt("1.1.0");

        Assert.Throws<ModelIntegrityException>(() => store.Activate("front", Faces("1.1.0")));

        Assert.Equal(Faces("1.0.0"), store.GetActive("front")!.Model);
    }

    [Fact]
    public void Rollback_AfterAnUpdate_PointsBackAtThePreviousVersion()
    {
        using var store = _f.Open();
        store.Stage(_f.Package("1.0.0"));
        store.Stage(_f.Package("1.1.0"));
        store.Activate("front", Faces("1.0.0"));
        store.Activate("front", Faces("1.1.0"));

        var back = store.Rollback("front");

        Assert.Equal(Faces("1.0.0"), back.Model);
        Assert.Null(back.Previous);
        Assert.Equal(back, store.GetActive("front"));
    }

    [Fact]
    public void Rollback_WithoutAPreviousVersion_SaysSo()
    {
        using var store = _f.Open();
        store.Stage(_f.Package("1.0.0"));
        store.Activate("front", Faces("1.0.0"));

        var ex = Assert.Throws<InvalidOperationException>(() => store.Rollback("front"));

        Assert.Contains("no previous version", ex.Message);
    }

    [Fact]
    public void Deactivate_RemovesThePointer()
    {
        using var store = _f.Open();
        store.Stage(_f.Package("1.0.0"));
        store.Activate("front", Faces("1.0.0"));

        Assert.True(store.Deactivate("front"));

        Assert.Null(store.GetActive("front"));
        Assert.False(store.Deactivate("front"));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("")]
    [InlineData("front/back")]
    public void Activate_UnsafeCameraName_IsRefused(string camera)
    {
        using var store = _f.Open();

        Assert.Throws<ArgumentException>(() => store.Activate(camera, Faces("1.0.0")));
    }

    [Fact]
    public void CollectGarbage_KeepsVersionsInUseAndTheNewestUnusedOnes()
    {
        using var store = _f.Open(new ModelStoreOptions { KeepPreviousVersions = 1 });
        foreach (var v in new[] { "1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0" })
        {
            store.Stage(_f.Package(v));
            _f.Time.Advance(TimeSpan.FromMinutes(1));
        }

        store.Activate("front", Faces("1.0.0"));
        store.Activate("front", Faces("1.4.0"));
        store.Activate("back", Faces("1.1.0"));

        var report = store.CollectGarbage();

        Assert.Equal([Faces("1.2.0")], report.RemovedVersions);
        Assert.Equal(["1.0.0", "1.1.0", "1.3.0", "1.4.0"], store.Versions().Select(v => v.Version).Order());
        Assert.Empty(Directory.GetFileSystemEntries(store.Layout.StagingDirectory));
    }

    [Fact]
    public void CollectGarbage_OldQuarantineEntriesAndStaleDownloads_AreRemoved()
    {
        using var store = _f.Open(new ModelStoreOptions { KeepQuarantined = 2, DownloadRetention = TimeSpan.FromDays(1) });
        var package = _f.Package("1.0.0");
        for (var i = 0; i < 4; i++)
        {
            store.Quarantine(package, $"failed warm-up {i}");
            _f.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var stale = store.Layout.DownloadDirectory(new string('a', 64));
        var fresh = store.Layout.DownloadDirectory(new string('b', 64));
        Directory.CreateDirectory(stale);
        Directory.CreateDirectory(fresh);
        File.WriteAllText(Path.Combine(stale, "package.partial"), "x");
        File.WriteAllText(Path.Combine(fresh, "package.partial"), "x");
        File.SetLastWriteTimeUtc(Path.Combine(stale, "package.partial"), _f.Time.Now.UtcDateTime.AddDays(-3));
        Directory.SetLastWriteTimeUtc(stale, _f.Time.Now.UtcDateTime.AddDays(-3));
        File.SetLastWriteTimeUtc(Path.Combine(fresh, "package.partial"), _f.Time.Now.UtcDateTime);

        var report = store.CollectGarbage();

        Assert.Equal(2, report.RemovedQuarantine.Count);
        Assert.Equal(2, Directory.GetDirectories(store.Layout.QuarantineDirectory).Length);
        Assert.Equal([Path.GetFileName(stale)], report.RemovedDownloads);
        Assert.True(Directory.Exists(fresh));
    }

    [Fact]
    public void CollectGarbage_QuarantineAndDownloads_StayWithinTheirBytesAndAge_KeepingTheNewestDownload()
    {
        var package = _f.Package("1.0.0");
        var packageBytes = new FileInfo(package).Length;
        using var store = _f.Open(new ModelStoreOptions
        {
            MaxQuarantineBytes = (2 * packageBytes) + 4096, QuarantineRetention = TimeSpan.FromDays(1),
            MaxDownloadBytes = 1500, DownloadRetention = TimeSpan.FromDays(1),
        });
        for (var i = 0; i < 4; i++)
        {
            store.Quarantine(package, $"failed warm-up {i}");
            _f.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var downloads = new[] { 'a', 'b', 'c' }.Select(c => store.Layout.DownloadDirectory(new string(c, 64))).ToArray();
        for (var i = 0; i < downloads.Length; i++)
        {
            Directory.CreateDirectory(downloads[i]);
            var partial = Path.Combine(downloads[i], "package.partial");
            File.WriteAllBytes(partial, new byte[i == 2 ? 4000 : 1000]); // the newest is larger than the bound on its own
            File.SetLastWriteTimeUtc(partial, _f.Time.Now.UtcDateTime.AddMinutes(i - 10));
            Directory.SetLastWriteTimeUtc(downloads[i], _f.Time.Now.UtcDateTime.AddMinutes(i - 10));
        }

        var bytes = store.CollectGarbage();

        Assert.Equal(2, bytes.RemovedQuarantine.Count);
        Assert.Equal(2, Directory.GetDirectories(store.Layout.QuarantineDirectory).Length);
        Assert.Equal([downloads[2]], Directory.GetDirectories(store.Layout.DownloadsDirectory));

        _f.Time.Advance(TimeSpan.FromDays(2));
        var age = store.CollectGarbage();

        Assert.Equal(2, age.RemovedQuarantine.Count);
        Assert.Empty(Directory.GetDirectories(store.Layout.QuarantineDirectory));
        Assert.Empty(Directory.GetDirectories(store.Layout.DownloadsDirectory));
    }

    [Fact]
    public void Open_SecondStoreOnTheSameRoot_IsRefused()
    {
        using var store = _f.Open();

        var ex = Assert.Throws<InvalidOperationException>(() => _f.Open());

        Assert.Contains("in use by another process", ex.Message);
    }

    public void Dispose() => _f.Dispose();
}
