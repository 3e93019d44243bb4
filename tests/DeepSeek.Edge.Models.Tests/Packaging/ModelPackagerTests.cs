using System.IO.Compression;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Models.Tests.Support;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Models.Tests.Packaging;

public sealed class ModelPackagerTests
{
    [Fact]
    public void Pack_ManifestWithoutSizesAndHashes_FillsThemFromTheFiles()
    {
        using var dir = new TempDirectory();
        var manifest = TestModels.Copy(TestAssets.TextAngle, dir.Combine("src"), m =>
        {
            foreach (var f in m["files"]!.AsArray())
            {
                f!.AsObject().Remove("size");
                f.AsObject().Remove("sha256");
            }
        });

        var info = ModelPackager.Pack(manifest, dir.Combine("pkg.zip"));

        var original = ManifestParser.Parse(File.ReadAllBytes(Path.Combine(TestAssets.TextAngle, "manifest.json")), "x", _ => []);
        var packed = ManifestParser.Parse(TestModels.ReadEntry(info.Path, "manifest.json"), "x", _ => []);
        Assert.Equal(original.Files, packed.Files);
        Assert.Null(info.KeyId);
    }

    [Fact]
    public void Pack_StaleHashAndSize_AreCorrected()
    {
        using var dir = new TempDirectory();
        var manifest = TestModels.Copy(TestAssets.BlazeFaceFront, dir.Combine("src"), m =>
        {
            m["files"]![0]!["size"] = 1;
            m["files"]![0]!["sha256"] = new string('0', 64);
        });

        var info = ModelPackager.Pack(manifest, dir.Combine("pkg.zip"));

        Assert.Equal(442005, info.Manifest.Files[0].Size);
        Assert.Equal("d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51", info.Manifest.Files[0].Sha256);
    }

    [Fact]
    public void Pack_NoFilesList_ListsTheModelAndTheLabelsFile()
    {
        using var dir = new TempDirectory();
        var manifest = TestModels.Copy(TestAssets.TextAngle, dir.Combine("src"), m => m.Remove("files"));

        var info = ModelPackager.Pack(manifest, dir.Combine("pkg.zip"));

        Assert.Equal(["model.onnx", "labels.txt"], info.Manifest.Files.Select(f => f.Path));
    }

    [Fact]
    public void Pack_SameInputsTwice_GivesByteIdenticalPackages()
    {
        using var dir = new TempDirectory();
        using var key = SigningKey.Generate();
        var manifest = TestModels.Copy(TestAssets.TextAngle, dir.Combine("src"));

        var a = ModelPackager.Pack(manifest, dir.Combine("a.zip"));
        File.SetLastWriteTimeUtc(Path.Combine(dir.Combine("src"), "model.onnx"), DateTime.UtcNow.AddDays(-3));
        var b = ModelPackager.Pack(manifest, dir.Combine("b.zip"));

        Assert.Equal(a.Sha256, b.Sha256);
        Assert.Equal(File.ReadAllBytes(a.Path), File.ReadAllBytes(b.Path));
    }

    [Fact]
    public void Pack_WithKey_WritesManifestThenSignatureThenFilesInPathOrder()
    {
        using var dir = new TempDirectory();
        using var key = SigningKey.Generate();
        var manifest = TestModels.Copy(TestAssets.TextAngle, dir.Combine("src"));

        var info = ModelPackager.Pack(manifest, dir.Combine("pkg.zip"), key);

        using var zip = ZipFile.OpenRead(info.Path);
        Assert.Equal(["manifest.json", "manifest.sig", "labels.txt", "model.onnx"], zip.Entries.Select(e => e.FullName));
        Assert.All(zip.Entries, e => Assert.Equal(new DateTime(2000, 1, 1), e.LastWriteTime.DateTime));
        Assert.Equal(key.KeyId, info.KeyId);
        Assert.Equal(["pkg.zip", "src"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Pack_ListedFileMissing_NamesThePathAndTheFix()
    {
        using var dir = new TempDirectory();
        var manifest = TestModels.Copy(TestAssets.BlazeFaceFront, dir.Combine("src"));
        File.Delete(Path.Combine(dir.Combine("src"), "model.onnx"));

        var ex = Assert.Throws<ManifestException>(() => ModelPackager.Pack(manifest, dir.Combine("pkg.zip")));

        Assert.Equal("$.files[0].path", ex.JsonPath);
        Assert.Contains("does not exist", ex.Message);
        Assert.False(File.Exists(dir.Combine("pkg.zip")));
    }

    [Fact]
    public void Pack_FileEscapingTheModelDirectory_IsRefused()
    {
        using var dir = new TempDirectory();
        var manifest = TestModels.Copy(TestAssets.BlazeFaceFront, dir.Combine("src"), m => m["files"]!.AsArray().Add(new JsonObject { ["path"] = "../secret.txt" }));

        var ex = Assert.Throws<ManifestException>(() => ModelPackager.Pack(manifest, dir.Combine("pkg.zip")));

        Assert.Equal("$.files[1].path", ex.JsonPath);
    }

    [Fact]
    public void Pack_ManifestBreakingTheContract_NamesTheJsonPath()
    {
        using var dir = new TempDirectory();
        var manifest = TestModels.Copy(TestAssets.BlazeFaceFront, dir.Combine("src"), m => m["input"]!["layout"] = "NWHC");

        var ex = Assert.Throws<ManifestException>(() => ModelPackager.Pack(manifest, dir.Combine("pkg.zip")));

        Assert.Equal("$.input.layout", ex.JsonPath);
    }

    [Fact]
    public void Sign_UnsignedPackage_AddsASignatureThatVerifies()
    {
        using var dir = new TempDirectory();
        using var key = SigningKey.Generate();
        var package = TestModels.Pack(dir.Path, key: null);

        ModelPackager.Sign(package, key);

        var verified = new PackageVerifier(TestModels.Trust(key)).Verify(package);
        Assert.Equal(key.KeyId, verified.Signature.KeyId);
    }

    [Fact]
    public void Sign_WithKeyFile_SignsWithThatKey()
    {
        using var dir = new TempDirectory();
        var keyId = KeyPairFiles.Generate(dir.Combine("keys"));
        var package = TestModels.Pack(dir.Path, key: null);

        var info = ModelPackager.Sign(package, dir.Combine("keys", KeyPairFiles.PrivateFileName));

        Assert.Equal(keyId, info.KeyId);
        new PackageVerifier(TrustedKeys.Load(dir.Combine("keys", KeyPairFiles.PublicFileName))).Verify(package);
    }

    [Fact]
    public void Sign_AlreadySignedPackage_ReplacesTheSignature()
    {
        using var dir = new TempDirectory();
        using var oldKey = SigningKey.Generate();
        using var newKey = SigningKey.Generate();
        var package = TestModels.Pack(dir.Path, oldKey);
        var manifestBefore = TestModels.ReadEntry(package, "manifest.json");

        ModelPackager.Sign(package, newKey);

        using (var zip = ZipFile.OpenRead(package)) Assert.Single(zip.Entries, e => e.FullName == "manifest.sig");
        Assert.Equal(manifestBefore, TestModels.ReadEntry(package, "manifest.json"));
        new PackageVerifier(TestModels.Trust(newKey)).Verify(package);
        Assert.Throws<SignatureException>(() => new PackageVerifier(TestModels.Trust(oldKey)).Verify(package));
    }

    [Fact]
    public void Sign_PackageWhoseModelDoesNotMatchItsManifest_IsRefused()
    {
        using var dir = new TempDirectory();
        using var key = SigningKey.Generate();
        var package = TestModels.Pack(dir.Path, key: null);
        TestModels.Tamper(package, zip => TestModels.WriteEntry(zip, "model.onnx", File.ReadAllBytes(Path.Combine(TestAssets.BlazeFaceBack, "model.onnx"))));

        var ex = Assert.Throws<ModelIntegrityException>(() => ModelPackager.Sign(package, key));

        Assert.Equal("model.onnx", ex.FilePath);
        using var zip = ZipFile.OpenRead(package);
        Assert.Null(zip.GetEntry("manifest.sig"));
    }
}
