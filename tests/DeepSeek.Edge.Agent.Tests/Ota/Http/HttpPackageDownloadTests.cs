using System.Security.Cryptography;
using DeepSeek.Edge.Agent.Ota.Http;
using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.Ota.Http;

/// <summary>Package download from a web server: resume with Range, restarts instead of splicing, retries, and the checks that refuse a wrong file.</summary>
// Alone: RetryCounter listens to the process-wide retry counter, which in-process agents of other tests (HTTP sources that
// fail on purpose) add to at the same time.
[CollectionDefinition(nameof(HttpPackageDownloadTests), DisableParallelization = true)]
[Collection(nameof(HttpPackageDownloadTests))]
public sealed class HttpPackageDownloadTests : IAsyncLifetime
{
    private const int PackageSize = (3 * 1024 * 1024) + 12345;
    private const long FsyncEvery = 256 * 1024;
    private const long PauseAt = 1_500_000;

    private readonly byte[] _package = RandomNumberGenerator.GetBytes(PackageSize);
    private readonly TempDirectory _dir = new("dsedge-http");
    private readonly XunitLogger<HttpPackageDownload> _logger;
    private readonly List<(long Stored, long Total)> _progress = [];
    private RangeFileServer _server = null!;

    public HttpPackageDownloadTests(ITestOutputHelper output) => _logger = new XunitLogger<HttpPackageDownload>(output);

    private string DownloadDirectory => _dir.File("download");

    private string PartialPath => Path.Combine(DownloadDirectory, "package.partial");

    public async Task InitializeAsync() => _server = await RangeFileServer.StartAsync(_package);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task RunAsync_WholeFile_ReturnsPackageWithThePublishedHash()
    {
        var path = await DownloadAsync();

        Assert.Equal(Path.Combine(DownloadDirectory, "package.zip"), path);
        Assert.Equal(_package, await File.ReadAllBytesAsync(path));
        Assert.Equal(["package.zip"], Directory.GetFiles(DownloadDirectory).Select(Path.GetFileName));
        Assert.Equal((PackageSize, PackageSize), _progress[^1]);
    }

    [Fact]
    public async Task RunAsync_CancelledMidway_NextDownloadFetchesOnlyTheRest()
    {
        await DownloadUntilPauseThenCancelAsync();

        var path = await DownloadAsync();

        Assert.Equal(_package, await File.ReadAllBytesAsync(path));
        Assert.True(_server.BytesSent <= PackageSize + FsyncEvery, $"the server sent {_server.BytesSent} bytes for a {PackageSize}-byte package");
        Assert.Equal(new ServedRequest($"bytes={PauseAt}-", _server.ETag, 206), _server.Requests[^1]);
    }

    [Fact]
    public async Task RunAsync_PartialFileLongerThanRecorded_CutsItBackAndResumesFromTheRecordedLength()
    {
        await DownloadUntilPauseThenCancelAsync();
        // What a power loss can leave: bytes past the recorded length that never reached the disk intact.
        await using (var partial = new FileStream(PartialPath, FileMode.Append)) await partial.WriteAsync(RandomNumberGenerator.GetBytes(100_000));

        var path = await DownloadAsync();

        Assert.Equal(_package, await File.ReadAllBytesAsync(path));
        Assert.Equal($"bytes={PauseAt}-", _server.Requests[^1].Range);
    }

    [Fact]
    public async Task RunAsync_ServerIgnoresRange_RestartsFromZeroAndCompletes()
    {
        _server.IgnoreRange = true;
        await DownloadUntilPauseThenCancelAsync();
        using var retries = new RetryCounter();

        var path = await DownloadAsync();

        Assert.Equal(_package, await File.ReadAllBytesAsync(path));
        Assert.Equal(new ServedRequest($"bytes={PauseAt}-", _server.ETag, 200), _server.Requests[^1]);
        Assert.Equal(["restart_from_zero"], retries.Reasons);
    }

    [Fact]
    public async Task RunAsync_ServerStalls_AbortsAndResumesFromTheBytesAlreadyReceived()
    {
        _server.PauseNextAfter(PauseAt);
        using var retries = new RetryCounter();

        var path = await DownloadAsync(Options(stallTimeout: TimeSpan.FromSeconds(2)));

        Assert.Equal(_package, await File.ReadAllBytesAsync(path));
        Assert.Equal([null, $"bytes={PauseAt}-"], _server.Requests.Select(r => r.Range));
        Assert.Equal(["stall"], retries.Reasons);
    }

    [Fact]
    public async Task RunAsync_ServiceUnavailableTwice_RetriesAndCompletes()
    {
        _server.FailNext(2);

        var path = await DownloadAsync();

        Assert.Equal(_package, await File.ReadAllBytesAsync(path));
        Assert.Equal([503, 503, 200], _server.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task RunAsync_NotFound_FailsAtOnceNamingUrlAndStatusButNotTheCredentials()
    {
        _server.FixedStatus = 404;

        var error = await Assert.ThrowsAsync<HttpDownloadException>(() => DownloadAsync());

        Assert.Contains($"http://127.0.0.1:{_server.Url.Port}{RangeFileServer.PackagePath}", error.Message, StringComparison.Ordinal);
        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task RunAsync_ServedFileIsNotThePublishedPackage_FailsAndLeavesNothingBehind()
    {
        var other = Convert.ToHexStringLower(SHA256.HashData(RandomNumberGenerator.GetBytes(16)));

        var error = await Assert.ThrowsAsync<HttpDownloadException>(() => DownloadAsync(sha256: other));

        Assert.Contains("sha256 mismatch", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(DownloadDirectory));
    }

    [Fact]
    public async Task RunAsync_ServedFileHasAnotherSize_FailsAtOnceWithoutRetrying()
    {
        _server.Replace([.. _package, 0x42]);

        var error = await Assert.ThrowsAsync<HttpDownloadException>(() => DownloadAsync());

        Assert.Contains("not the published package", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
        Assert.False(File.Exists(PartialPath));
    }

    [Fact]
    public async Task RunAsync_ServerSendsMoreThanThePackageWithoutALength_IsCutOffOneBytePastTheSize()
    {
        _server.TrailingBytes = 1024 * 1024;
        using var counting = new CountingHttpHandler();
        using var client = new HttpClient(counting);

        var error = await Assert.ThrowsAsync<HttpDownloadException>(() => DownloadAsync(client: client));

        Assert.Contains($"more than the package's {PackageSize} bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(PackageSize + 1, counting.BodyBytesRead);
        Assert.False(File.Exists(PartialPath));
    }

    [Fact]
    public async Task RunAsync_PackageLargerThanMaxPackageBytes_RefusedWithoutARequest()
    {
        var options = Options();
        options.MaxPackageBytes = 1024 * 1024;

        var error = await Assert.ThrowsAsync<HttpDownloadException>(() => DownloadAsync(options));

        Assert.Contains("MaxPackageBytes", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task RunAsync_FileReplacedOnServerMidway_RestartsFromZeroInsteadOfSplicing()
    {
        // The first part comes from an older upload at the same URL; then the published package replaces it.
        _server.Replace(RandomNumberGenerator.GetBytes(PackageSize));
        await DownloadUntilPauseThenCancelAsync();
        var olderETag = _server.ETag;
        _server.Replace(_package);
        using var retries = new RetryCounter();

        var path = await DownloadAsync();

        Assert.Equal(_package, await File.ReadAllBytesAsync(path));
        Assert.Equal(new ServedRequest($"bytes={PauseAt}-", olderETag, 200), _server.Requests[^1]);
        Assert.Equal(["restart_from_zero"], retries.Reasons);
    }

    [Fact]
    public async Task RunAsync_PackageAlreadyDownloaded_ReturnsItWithoutARequest()
    {
        var first = await DownloadAsync();
        var requests = _server.Requests.Count;

        var second = await DownloadAsync();

        Assert.Equal(first, second);
        Assert.Equal(requests, _server.Requests.Count);
        Assert.Equal(_package, await File.ReadAllBytesAsync(second));
    }

    private static HttpDownloadOptions Options(TimeSpan? stallTimeout = null) => new()
    {
        FsyncEveryBytes = FsyncEvery,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(100),
        StallTimeout = stallTimeout ?? TimeSpan.FromSeconds(20),
    };

    private async Task<string> DownloadAsync(HttpDownloadOptions? options = null, string? sha256 = null, HttpClient? client = null, CancellationToken cancellationToken = default)
    {
        options ??= Options();
        using var own = client is null ? HttpDownloadOptions.CreateClient(options) : null;
        var download = new HttpPackageDownload(client ?? own!, options, _logger, TimeProvider.System);
        return await download.RunAsync(_server.Url, sha256 ?? Convert.ToHexStringLower(SHA256.HashData(_package)), PackageSize, DownloadDirectory,
            (stored, total) =>
            {
                lock (_progress) _progress.Add((stored, total));
                return Task.CompletedTask;
            }, cancellationToken).WaitAsync(TestTimeouts.Wait);
    }

    /// <summary>Starts a download that the server pauses at <see cref="PauseAt"/>, and cancels it once those bytes are written.</summary>
    private async Task DownloadUntilPauseThenCancelAsync()
    {
        _server.PauseNextAfter(PauseAt);
        using var cancel = new CancellationTokenSource();
        var run = DownloadAsync(cancellationToken: cancel.Token);
        await TestTimeouts.UntilAsync(() => File.Exists(PartialPath) && new FileInfo(PartialPath).Length == PauseAt, $"{PauseAt} bytes in package.partial");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
