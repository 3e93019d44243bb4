using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Models.Tests.Support;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Models.Tests.Packaging;

/// <summary>Fault tests on real packages: every way a package can be damaged or forged is refused with a message naming the cause.</summary>
public sealed class PackageVerifierTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SigningKey _key = SigningKey.Generate();

    private PackageVerifier Verifier(PackageLimits? limits = null) => new(TestModels.Trust(_key), limits);

    [Fact]
    public void Verify_SignedPackageWithLabelsFile_ReturnsManifestKeyAndDigest()
    {
        var package = TestModels.Pack(_dir.Path, _key, TestAssets.TextAngle);

        var verified = Verifier().Verify(package);

        Assert.Equal("ppocr-angle-cls@2.0.0", verified.Manifest.Id);
        Assert.Equal(["0", "180"], verified.Manifest.Labels);
        Assert.Equal(_key.KeyId, verified.SignedBy.KeyId);
        Assert.Equal(new FileInfo(package).Length, verified.PackageSize);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(package))), verified.PackageSha256);
    }

    [Fact]
    public void VerifyAndExtract_WritesExactlyTheSignedFiles()
    {
        var package = TestModels.Pack(_dir.Path, _key, TestAssets.TextAngle);

        Verifier().VerifyAndExtract(package, _dir.Combine("out"));

        Assert.Equal(["labels.txt", "manifest.json", "manifest.sig", "model.onnx"], Directory.GetFiles(_dir.Combine("out")).Select(Path.GetFileName).Order());
        Assert.Equal(File.ReadAllBytes(Path.Combine(TestAssets.TextAngle, "model.onnx")), File.ReadAllBytes(_dir.Combine("out", "model.onnx")));
        ModelBundle.OpenVerified(_dir.Combine("out"), TestModels.Trust(_key));
    }

    [Fact]
    public void Verify_CorruptedModelByte_NamesTheModelFile()
    {
        var package = TestModels.Pack(_dir.Path, _key);
        var bytes = File.ReadAllBytes(package);
        bytes[bytes.Length * 6 / 10] ^= 0x40;
        File.WriteAllBytes(package, bytes);

        var ex = Assert.Throws<ModelIntegrityException>(() => Verifier().Verify(package));

        Assert.Equal("model.onnx", ex.FilePath);
    }

    [Fact]
    public void Verify_ManifestEditedAfterSigning_FailsTheSignature()
    {
        var package = TestModels.Pack(_dir.Path, _key);
        var manifest = JsonNode.Parse(TestModels.ReadEntry(package, "manifest.json"))!;
        manifest["thresholds"]!["score"] = 0.01;
        TestModels.Tamper(package, zip => TestModels.WriteEntry(zip, "manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString())));

        var ex = Assert.Throws<SignatureException>(() => Verifier().Verify(package));

        Assert.Equal(_key.KeyId, ex.KeyId);
        Assert.Contains("does not match manifest.json", ex.Message);
    }

    [Fact]
    public void Verify_ModelSwappedWithManifestHashesUpdated_FailsTheSignature()
    {
        var package = TestModels.Pack(_dir.Path, _key);
        var other = File.ReadAllBytes(Path.Combine(TestAssets.BlazeFaceBack, "model.onnx"));
        var manifest = JsonNode.Parse(TestModels.ReadEntry(package, "manifest.json"))!;
        manifest["files"]![0]!["size"] = other.Length;
        manifest["files"]![0]!["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(other));
        TestModels.Tamper(package, zip =>
        {
            TestModels.WriteEntry(zip, "manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString()));
            TestModels.WriteEntry(zip, "model.onnx", other);
        });

        Assert.Throws<SignatureException>(() => Verifier().Verify(package));
    }

    [Fact]
    public void Verify_UnsignedPackage_SaysHowToSignIt()
    {
        var package = TestModels.Pack(_dir.Path, key: null);

        var ex = Assert.Throws<SignatureException>(() => Verifier().Verify(package));

        Assert.Contains("unsigned", ex.Message);
        Assert.Contains("ds-edge model sign", ex.Message);
    }

    [Fact]
    public void Verify_SignedByUnknownKey_NamesTheKeyAndTheTrustedOnes()
    {
        using var stranger = SigningKey.Generate();
        var package = TestModels.Pack(_dir.Path, stranger);

        var ex = Assert.Throws<SignatureException>(() => Verifier().Verify(package));

        Assert.Equal(stranger.KeyId, ex.KeyId);
        Assert.Contains(_key.KeyId, ex.Message);
    }

    [Fact]
    public void Verify_TruncatedZip_SaysItIsNotReadable()
    {
        var package = TestModels.Pack(_dir.Path, _key);
        var bytes = File.ReadAllBytes(package);
        File.WriteAllBytes(package, bytes[..(bytes.Length - 100)]);

        var ex = Assert.Throws<ModelIntegrityException>(() => Verifier().Verify(package));

        Assert.Contains("not a readable zip", ex.Message);
    }

    [Fact]
    public void Verify_CorruptEntryDirectory_SaysItIsNotReadable()
    {
        var package = TestModels.Pack(_dir.Path, _key);
        var bytes = File.ReadAllBytes(package);
        var central = bytes.AsSpan().LastIndexOf("PK\u0001\u0002"u8);
        bytes[central + 2] = 0x7F;
        File.WriteAllBytes(package, bytes);

        var ex = Assert.Throws<ModelIntegrityException>(() => Verifier().Verify(package));

        Assert.Contains("not a readable zip", ex.Message);
    }

    [Theory]
    [InlineData("../../escaped.txt")]
    [InlineData("/etc/cron.d/evil")]
    [InlineData("dir/../../evil")]
    [InlineData("C:/evil")]
    [InlineData("..\\evil")]
    public void Verify_EntryEscapingThePackage_IsRefused(string name)
    {
        var package = TestModels.Pack(_dir.Path, _key);
        TestModels.Tamper(package, zip => TestModels.WriteEntry(zip, name, "x"u8.ToArray()));

        var ex = Assert.Throws<ModelIntegrityException>(() => Verifier().Verify(package));

        Assert.Equal(name, ex.FilePath);
        Assert.Contains("escapes the package", ex.Message);
    }

    [Fact]
    public void Verify_SymlinkEntry_IsRefused()
    {
        var package = TestModels.Pack(_dir.Path, _key);
        TestModels.Tamper(package, zip => TestModels.WriteEntry(zip, "model.onnx", "/etc/shadow"u8.ToArray(), unixMode: 0xA1FF));

        var ex = Assert.Throws<ModelIntegrityException>(() => Verifier().Verify(package));

        Assert.Equal("model.onnx", ex.FilePath);
        Assert.Contains("symbolic link", ex.Message);
    }

    [Fact]
    public void Verify_FifoEntry_IsRefused()
    {
        var package = TestModels.Pack(_dir.Path, _key);
        TestModels.Tamper(package, zip => TestModels.WriteEntry(zip, "pipe", [], unixMode: 0x11A4));

        var ex = Assert.Throws<ModelIntegrityException>(() => Verifier().Verify(package));

        Assert.Contains("named pipe", ex.Message);
    }

    [Fact]
    public void Verify_PackageOverTheSizeLimit_IsRefusedUnopened()
    {
        var package = TestModels.Pack(_dir.Path, _key);

        var ex = Assert.Throws<ModelIntegrityException>(() => Verifier(new PackageLimits { MaxPackageBytes = 100_000 }).Verify(package));

        Assert.Contains("over the 100000-byte limit", ex.Message);
    }

    [Fact]
    public void Verify_EntryWithAbsurdCompressionRatio_IsRefusedAsZipBomb()
    {
        var package = TestModels.Pack(_dir.Path, _key);
        TestModels.Tamper(package, zip =>
        {
            var entry = zip.CreateEntry("weights.bin", CompressionLevel.SmallestSize);
            using var s = entry.Open();
            s.Write(new byte[16 * 1024 * 1024]);
        });

        var ex = Assert.Throws<ModelIntegrityException>(() => Verifier().Verify(package));

        Assert.Equal("weights.bin", ex.FilePath);
        Assert.Contains("zip bomb", ex.Message);
    }

    [Fact]
    public void Verify_EntryOverTheUnpackedLimit_IsRefused()
    {
        var package = TestModels.Pack(_dir.Path, _key);

        var ex = Assert.Throws<ModelIntegrityException>(() => Verifier(new PackageLimits { MaxEntryBytes = 100_000 }).Verify(package));

        Assert.Equal("model.onnx", ex.FilePath);
    }

    [Fact]
    public void Verify_UnlistedExtraFile_IsRefused()
    {
        var package = TestModels.Pack(_dir.Path, _key);
        TestModels.Tamper(package, zip => TestModels.WriteEntry(zip, "run.sh", "#!/bin/sh\n"u8.ToArray()));

        var ex = Assert.Throws<ModelIntegrityException>(() => Verifier().Verify(package));

        Assert.Equal("run.sh", ex.FilePath);
        Assert.Contains("not listed in its manifest", ex.Message);
    }

    [Fact]
    public void Verify_ListedFileMissingFromPackage_NamesIt()
    {
        var package = TestModels.Pack(_dir.Path, _key, TestAssets.TextAngle);
        TestModels.Tamper(package, zip => zip.GetEntry("labels.txt")!.Delete());

        var ex = Assert.Throws<ModelIntegrityException>(() => Verifier().Verify(package));

        Assert.Equal("labels.txt", ex.FilePath);
    }

    [Fact]
    public void Verify_NotAModelPackage_SaysSo()
    {
        var zip = _dir.Combine("photos.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create)) TestModels.WriteEntry(archive, "cat.jpg", [1, 2, 3]);

        var ex = Assert.Throws<ModelIntegrityException>(() => Verifier().Verify(zip));

        Assert.Contains("no manifest.json", ex.Message);
    }

    [Fact]
    public void Verify_SignedManifestBreakingTheContract_IsAManifestError()
    {
        var src = TestModels.Copy(TestAssets.BlazeFaceFront, _dir.Combine("src"));
        var package = _dir.Combine("pkg.zip");
        ModelPackager.Pack(src, package);
        var manifest = JsonNode.Parse(TestModels.ReadEntry(package, "manifest.json"))!;
        manifest["task"] = "segmentation";
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        TestModels.Tamper(package, zip =>
        {
            TestModels.WriteEntry(zip, "manifest.json", bytes);
            TestModels.WriteEntry(zip, "manifest.sig", _key.Sign(bytes).ToJsonBytes());
        });

        var ex = Assert.Throws<ManifestException>(() => Verifier().Verify(package));

        Assert.Equal("$.task", ex.JsonPath);
    }

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }
}
