using System.Security.Cryptography;
using DeepSeek.Edge.Agent.Ota.Http;
using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.Ota.Http;

/// <summary>https:// from a server whose certificate a private CA issued: trusted through <c>CaFile</c>, refused with a clear message without it.</summary>
public sealed class HttpsCaFileTests : IAsyncLifetime
{
    private readonly byte[] _package = RandomNumberGenerator.GetBytes(512 * 1024);
    private readonly TempDirectory _dir = new("dsedge-https");
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly XunitLogger<HttpPackageDownload> _logger;
    private RangeFileServer _server = null!;

    public HttpsCaFileTests(ITestOutputHelper output) => _logger = new XunitLogger<HttpPackageDownload>(output);

    public async Task InitializeAsync() => _server = await RangeFileServer.StartAsync(_package, _certificates.Server);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificates.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task RunAsync_HttpsWithThePrivateCaFile_DownloadsThePackage()
    {
        var path = await DownloadAsync(new HttpDownloadOptions { CaFile = _certificates.WriteCaPem(_dir.File("ca.pem")) });

        Assert.Equal(_package, await File.ReadAllBytesAsync(path));
        Assert.Equal("https", _server.Url.Scheme);
    }

    [Fact]
    public async Task RunAsync_HttpsWithoutCaFile_FailsAtOnceSayingTheCertificateIsNotTrusted()
    {
        var error = await Assert.ThrowsAsync<HttpDownloadException>(() => DownloadAsync(new HttpDownloadOptions()));

        Assert.Contains("not trusted", error.Message, StringComparison.Ordinal);
        Assert.Contains("CaFile", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task RunAsync_HttpsWithAnotherCaFile_FailsNamingThatFile()
    {
        using var other = TestCertificates.Create("CN=Some other CA");
        var caFile = other.WriteCaPem(_dir.File("other-ca.pem"));

        var error = await Assert.ThrowsAsync<HttpDownloadException>(() => DownloadAsync(new HttpDownloadOptions { CaFile = caFile }));

        Assert.Contains(caFile, error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    private async Task<string> DownloadAsync(HttpDownloadOptions options)
    {
        options.RetryDelay = TimeSpan.FromMilliseconds(10);
        options.MaxRetryDelay = TimeSpan.FromMilliseconds(10);
        using var client = HttpDownloadOptions.CreateClient(options);
        var download = new HttpPackageDownload(client, options, _logger, TimeProvider.System);
        return await download.RunAsync(_server.Url, Convert.ToHexStringLower(SHA256.HashData(_package)), _package.Length, _dir.File("download"),
            (_, _) => Task.CompletedTask, CancellationToken.None).WaitAsync(TestTimeouts.Wait);
    }
}
