using System.Text;
using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Protocol.Tests;

public sealed class DesiredStateDocumentTests
{
    private static DesiredStateDocument Parse(string json) => DesiredStateDocument.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void MqttAndHttpsEntries_AreRead()
    {
        var doc = Parse("""
            {"schema":"deepseek-edge/desired-state/v1","version":"7","models":[
              {"name":"faces","version":"1.2.0","cameras":["front"]},
              {"name":"faces","version":"1.3.0","source":"https://models.example.com/f.zip","sha256":"AB00000000000000000000000000000000000000000000000000000000000000","size":1024}]}
            """);
        Assert.Equal("7", doc.Version);
        Assert.Null(doc.Models[0].Source);
        Assert.True(doc.Models[0].AppliesTo("front"));
        Assert.False(doc.Models[0].AppliesTo("back"));
        Assert.Equal("https://models.example.com/f.zip", doc.Models[1].Source!.ToString());
        Assert.Equal("ab" + new string('0', 62), doc.Models[1].Sha256);
        Assert.Equal(1024, doc.Models[1].Size);
        Assert.True(doc.Models[1].AppliesTo("back"));
    }

    [Theory]
    [InlineData("""{"name":"faces","version":"1.0","source":"ftp://x/y.zip","sha256":"00","size":1}""", "neither")]
    [InlineData("""{"name":"faces","version":"1.0","source":"https://x/y.zip","size":1}""", "sha256")]
    [InlineData("""{"name":"faces","version":"1.0","source":"https://x/y.zip","sha256":"0000000000000000000000000000000000000000000000000000000000000000"}""", "size")]
    [InlineData("""{"name":"faces","version":"1.0","size":"big"}""", "\"size\" is \"big\"")]
    [InlineData("""{"name":"faces","version":"1.0","sha256":"abc"}""", "\"sha256\" is \"abc\"")]
    [InlineData("""{"name":"faces","version":"1.0","allow_downgrade":"yes"}""", "\"allow_downgrade\" is \"yes\"; give true or false")]
    [InlineData("""{"name":"faces","version":"1.0","allow_downgrade":1}""", "\"allow_downgrade\" is 1; give true or false")]
    [InlineData("""{"name":"../etc","version":"1.0"}""", "not a model name")]
    [InlineData("""{"version":"1.0"}""", "not a valid")]
    public void BadEntries_AreRefusedNamingTheProblem(string entry, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => Parse($$"""{"schema":"deepseek-edge/desired-state/v1","models":[{{entry}}]}"""));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyPayload_MeansNoModels() => Assert.Empty(DesiredStateDocument.Parse(default).Models);
}
