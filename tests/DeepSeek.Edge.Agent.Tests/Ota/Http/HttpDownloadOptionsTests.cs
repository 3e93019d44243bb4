using DeepSeek.Edge.Agent.Ota.Http;
using DeepSeek.Edge.Agent.Tests.Broker;

namespace DeepSeek.Edge.Agent.Tests.Ota.Http;

public sealed class HttpDownloadOptionsTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-http-options");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Assert.Empty(new HttpDownloadOptions().Validate());
    }

    [Fact]
    public void Validate_BadValues_NamesEachKey()
    {
        var options = new HttpDownloadOptions
        {
            StallTimeout = TimeSpan.Zero,
            MaxAttempts = 0,
            RetryDelay = TimeSpan.FromSeconds(10),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
            FsyncEveryBytes = 10,
            CaFile = _dir.File("missing.pem"),
        };

        var errors = options.Validate();

        Assert.Equal(
            ["Ota:Http:StallTimeout", "Ota:Http:MaxAttempts", "Ota:Http:MaxRetryDelay", "Ota:Http:FsyncEveryBytes", "Ota:Http:CaFile"],
            errors.Select(e => e[..e.IndexOf(": ", StringComparison.Ordinal)]));
    }

    [Fact]
    public void CreateClient_CaFileWithoutCertificate_ThrowsNamingTheFile()
    {
        var caFile = _dir.File("empty.pem");
        File.WriteAllText(caFile, "not a certificate\n");

        var error = Assert.Throws<ArgumentException>(() => HttpDownloadOptions.CreateClient(new HttpDownloadOptions { CaFile = caFile }));

        Assert.Contains(caFile, error.Message, StringComparison.Ordinal);
    }
}
