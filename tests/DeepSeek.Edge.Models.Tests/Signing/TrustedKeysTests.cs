using System.Security.Cryptography;
using System.Text;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Tests.Support;

namespace DeepSeek.Edge.Models.Tests.Signing;

public sealed class TrustedKeysTests
{
    private static readonly byte[] Manifest = Encoding.UTF8.GetBytes("{\"name\":\"faces\",\"version\":\"1.2.0\"}\n");

    [Fact]
    public void Verify_ManifestChangedByOneByte_FailsNamingTheKey()
    {
        using var key = SigningKey.Generate();
        var trusted = TestModels.Trust(key);
        var signature = key.Sign(Manifest);
        var tampered = Manifest.ToArray();
        tampered[10] ^= 1;

        var ex = Assert.Throws<SignatureException>(() => trusted.Verify(tampered, signature, "pkg.zip"));

        Assert.Equal(key.KeyId, ex.KeyId);
        Assert.Contains("does not match manifest.json", ex.Message);
    }

    [Fact]
    public void Verify_UnknownKey_NamesItsIdAndTheTrustedIds()
    {
        using var signer = SigningKey.Generate();
        using var other = SigningKey.Generate();
        var trusted = TestModels.Trust(other);

        var ex = Assert.Throws<SignatureException>(() => trusted.Verify(Manifest, signer.Sign(Manifest), "pkg.zip"));

        Assert.Equal(signer.KeyId, ex.KeyId);
        Assert.Contains($"key {signer.KeyId}, which is not trusted", ex.Message);
        Assert.Contains(other.KeyId, ex.Message);
    }

    [Fact]
    public void Load_DirectoryWithOldAndNewKey_AcceptsSignaturesOfBoth()
    {
        using var dir = new TempDirectory();
        using var oldKey = SigningKey.Generate();
        using var newKey = SigningKey.Generate();
        Directory.CreateDirectory(dir.Combine("trust"));
        File.WriteAllText(dir.Combine("trust", "2024.pem"), oldKey.ExportPublicKeyPem());
        File.WriteAllText(dir.Combine("trust", "2025.pem"), newKey.ExportPublicKeyPem());
        File.WriteAllText(dir.Combine("trust", "README.txt"), "not a key");

        var trusted = TrustedKeys.Load(dir.Combine("trust"));

        Assert.Equal(2, trusted.KeyIds.Count);
        trusted.Verify(Manifest, oldKey.Sign(Manifest), "pkg");
        trusted.Verify(Manifest, newKey.Sign(Manifest), "pkg");
    }

    [Fact]
    public void Load_OneFileWithTwoPublicKeys_TrustsBoth()
    {
        using var dir = new TempDirectory();
        using var a = SigningKey.Generate();
        using var b = SigningKey.Generate();
        File.WriteAllText(dir.Combine("trusted.pem"), a.ExportPublicKeyPem() + "\n" + b.ExportPublicKeyPem());

        var trusted = TrustedKeys.Load(dir.Combine("trusted.pem"));

        Assert.Equal(new[] { a.KeyId, b.KeyId }.Order(), trusted.KeyIds.Order());
    }

    [Fact]
    public void Load_PrivateKeyFile_IsRefusedBecauseDevicesMustNotHoldIt()
    {
        using var dir = new TempDirectory();
        using var key = SigningKey.Generate();
        File.WriteAllText(dir.Combine("private.pem"), key.ExportPrivateKeyPem());

        var ex = Assert.Throws<KeyFileException>(() => TrustedKeys.Load(dir.Combine("private.pem")));

        Assert.Contains("public keys only", ex.Message);
    }

    [Fact]
    public void Load_MissingPath_NamesIt()
    {
        var ex = Assert.Throws<KeyFileException>(() => TrustedKeys.Load("/nonexistent/keys.pem"));

        Assert.Equal("/nonexistent/keys.pem", ex.FilePath);
    }

    [Fact]
    public void Load_EmptyDirectory_SaysWhatToPutThere()
    {
        using var dir = new TempDirectory();

        var ex = Assert.Throws<KeyFileException>(() => TrustedKeys.Load(dir.Path));

        Assert.Contains("without *.pem", ex.Message);
    }

    [Fact]
    public void FromPem_RsaPublicKey_IsRefused()
    {
        using var rsa = RSA.Create(2048);

        var ex = Assert.Throws<KeyFileException>(() => TrustedKeys.FromPem(rsa.ExportSubjectPublicKeyInfoPem(), "rsa.pem"));

        Assert.Contains("not an ECDSA public key", ex.Message);
    }

    [Fact]
    public void Load_SameKeyTwice_CountsOnce()
    {
        using var dir = new TempDirectory();
        using var key = SigningKey.Generate();
        File.WriteAllText(dir.Combine("a.pem"), key.ExportPublicKeyPem());
        File.WriteAllText(dir.Combine("b.pem"), key.ExportPublicKeyPem());

        Assert.Single(TrustedKeys.Load(dir.Path).KeyIds);
    }
}
