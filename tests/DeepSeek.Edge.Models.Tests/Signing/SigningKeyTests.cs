using System.Security.Cryptography;
using System.Text;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Tests.Support;

namespace DeepSeek.Edge.Models.Tests.Signing;

public sealed class SigningKeyTests
{
    private static readonly byte[] Manifest = Encoding.UTF8.GetBytes("{\"schema\":\"deepseek-edge/model/v1\"}\n");

    [Fact]
    public void Sign_ThenVerifyWithItsPublicKey_Succeeds()
    {
        using var key = SigningKey.Generate();
        var trusted = TrustedKeys.FromPem(key.ExportPublicKeyPem(), "public.pem");

        var signature = key.Sign(Manifest);
        var by = trusted.Verify(Manifest, signature, "pkg");

        Assert.Equal(key.KeyId, by.KeyId);
        Assert.Equal(ManifestSignature.SignatureBytes, signature.Signature.Length);
    }

    [Fact]
    public void KeyId_IsTheFirst16HexDigitsOfTheSha256OfTheSubjectPublicKeyInfo()
    {
        using var key = SigningKey.Generate();
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(key.ExportPublicKeyPem());

        var expected = Convert.ToHexStringLower(SHA256.HashData(ecdsa.ExportSubjectPublicKeyInfo()))[..16];

        Assert.Equal(expected, key.KeyId);
    }

    [Fact]
    public void Signature_IsIeeeP1363VerifiableByPlainEcdsa()
    {
        using var key = SigningKey.Generate();
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(key.ExportPublicKeyPem());

        var signature = key.Sign(Manifest).Signature;

        Assert.True(ecdsa.VerifyData(Manifest, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void FromPem_PrivateKeyRoundTrip_KeepsTheKeyId()
    {
        using var key = SigningKey.Generate();

        using var again = SigningKey.FromPem(key.ExportPrivateKeyPem());

        Assert.Equal(key.KeyId, again.KeyId);
    }

    [Fact]
    public void FromPem_PublicKey_SaysSigningNeedsThePrivateKey()
    {
        using var key = SigningKey.Generate();

        var ex = Assert.Throws<KeyFileException>(() => SigningKey.FromPem(key.ExportPublicKeyPem(), "public.pem"));

        Assert.Contains("no private key", ex.Message);
        Assert.Equal("public.pem", ex.FilePath);
    }

    [Fact]
    public void FromPem_EncryptedPrivateKey_SaysToDecryptIt()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = ecdsa.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000));

        var ex = Assert.Throws<KeyFileException>(() => SigningKey.FromPem(pem, "enc.pem"));

        Assert.Contains("encrypted", ex.Message);
    }

    [Fact]
    public void FromPem_P384Key_IsRefusedNamingTheCurve()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var ex = Assert.Throws<KeyFileException>(() => SigningKey.FromPem(ecdsa.ExportPkcs8PrivateKeyPem(), "p384.pem"));

        Assert.Contains("P-256", ex.Message);
    }

    [Fact]
    public void Generate_WritesKeyPairWithPrivateKeyReadableByOwnerOnly()
    {
        using var dir = new TempDirectory();
        var keys = dir.Combine("keys");

        var keyId = KeyPairFiles.Generate(keys);

        using var key = SigningKey.Load(Path.Combine(keys, KeyPairFiles.PrivateFileName));
        Assert.Equal(keyId, key.KeyId);
        Assert.Equal(keyId, TrustedKeys.Load(Path.Combine(keys, KeyPairFiles.PublicFileName)).KeyIds.Single());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(keys, KeyPairFiles.PrivateFileName)));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
        }
    }

    [Fact]
    public void Generate_KeysAlreadyThere_RefusesToOverwrite()
    {
        using var dir = new TempDirectory();
        var first = KeyPairFiles.Generate(dir.Path);

        var ex = Assert.Throws<IOException>(() => KeyPairFiles.Generate(dir.Path));

        Assert.Contains("already exists", ex.Message);
        using var key = SigningKey.Load(dir.Combine(KeyPairFiles.PrivateFileName));
        Assert.Equal(first, key.KeyId);
    }
}
