using System.Text;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Models.Tests.Signing;

public sealed class ManifestSignatureTests
{
    [Fact]
    public void ToJsonBytes_ThenParse_RoundTrips()
    {
        using var key = SigningKey.Generate();
        var signature = key.Sign("{}"u8);

        var parsed = ManifestSignature.Parse(signature.ToJsonBytes(), "pkg");

        Assert.Equal(key.KeyId, parsed.KeyId);
        Assert.Equal(signature.Signature, parsed.Signature);
        Assert.Contains("\"schema\": \"deepseek-edge/signature/v1\"", Encoding.UTF8.GetString(signature.ToJsonBytes()));
    }

    [Theory]
    [InlineData("{\"schema\":\"deepseek-edge/signature/v1\",\"key_id\":\"0011223344556677\",\"algorithm\":\"RS256\",\"signature\":\"AA==\"}", "only ES256")]
    [InlineData("{\"schema\":\"deepseek-edge/signature/v2\",\"key_id\":\"0011223344556677\",\"algorithm\":\"ES256\",\"signature\":\"AA==\"}", "schema")]
    [InlineData("{\"schema\":\"deepseek-edge/signature/v1\",\"algorithm\":\"ES256\",\"signature\":\"AA==\"}", "\"key_id\"")]
    [InlineData("{\"schema\":\"deepseek-edge/signature/v1\",\"key_id\":\"0011223344556677\",\"algorithm\":\"ES256\",\"signature\":\"AA==\"}", "64")]
    [InlineData("{\"schema\":\"deepseek-edge/signature/v1\",\"key_id\":\"0011223344556677\",\"algorithm\":\"ES256\",\"signature\":\"not base64!\"}", "not base64")]
    [InlineData("not json", "not valid JSON")]
    public void Parse_BrokenSignatureFile_SaysWhatIsWrong(string json, string expected)
    {
        var ex = Assert.Throws<SignatureException>(() => ManifestSignature.Parse(Encoding.UTF8.GetBytes(json), "pkg.zip"));

        Assert.Contains(expected, ex.Message);
        Assert.StartsWith("pkg.zip: ", ex.Message);
    }
}
