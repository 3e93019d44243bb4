using System.Globalization;
using System.Net.Security;

namespace DeepSeek.Edge.Agent.Ota.Http;

/// <summary>
/// Settings of the <c>http://</c> and <c>https://</c> package source (proposed configuration section <c>Ota:Http</c>).
/// Every default lives here.
/// </summary>
public sealed class HttpDownloadOptions
{
    public const string SectionName = "Ota:Http";

    /// <summary>No byte for this long (while connecting, waiting for the answer or reading the body): the request is aborted and retried.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failed requests in a row (none storing a byte) after which the download gives up; the stored bytes are kept for the next try.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Pause before the first retry; it doubles after each further failure in a row, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest pause between retries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest package accepted; a bigger one is refused before any request (and a server sending more is cut off).</summary>
    public long MaxPackageBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// Received bytes are forced to disk (fsync) and recorded in <c>http.progress</c> every this many bytes: at most this much is
    /// fetched again after a power loss.
    /// </summary>
    public long FsyncEveryBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Optional PEM file with the certificate(s) of a private CA trusted for <c>https://</c> in addition to the system roots
    /// (for servers whose certificate a public CA did not issue). Relative paths are the caller's to resolve.
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>Every problem, each naming its key, e.g. <c>Ota:Http:MaxAttempts: 0 is out of range; use 1-100</c>.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Add(string key, string message) => errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{key}: {message}"));

        if (StallTimeout <= TimeSpan.Zero || StallTimeout > TimeSpan.FromHours(1))
            Add(nameof(StallTimeout), $"{StallTimeout} is out of range; use more than 00:00:00, up to 01:00:00");
        if (MaxAttempts is < 1 or > 100) Add(nameof(MaxAttempts), $"{MaxAttempts} is out of range; use 1-100");
        if (RetryDelay <= TimeSpan.Zero) Add(nameof(RetryDelay), $"{RetryDelay} must be positive");
        if (MaxRetryDelay < RetryDelay)
            Add(nameof(MaxRetryDelay), $"{MaxRetryDelay} is shorter than {SectionName}:{nameof(RetryDelay)} ({RetryDelay}); use at least that");
        if (MaxPackageBytes < 1) Add(nameof(MaxPackageBytes), $"{MaxPackageBytes} must be positive");
        if (FsyncEveryBytes < 64 * 1024) Add(nameof(FsyncEveryBytes), $"{FsyncEveryBytes} is too small; use at least 65536");
        if (CaFile is not null && !File.Exists(CaFile))
            Add(nameof(CaFile), $"{CaFile} does not exist; point it at the PEM file of the CA that issued the package server's certificate, or remove it");
        return errors;
    }

    /// <summary>
    /// The client to download packages with: no overall timeout (stalls are detected per read, see <see cref="StallTimeout"/>),
    /// a connect timeout of <see cref="StallTimeout"/>, and, when <see cref="CaFile"/> is set, that CA trusted in addition to the system roots.
    /// Throws <see cref="ArgumentException"/> for invalid options (every problem listed) or an unreadable CA file.
    /// </summary>
    public static HttpClient CreateClient(HttpDownloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), nameof(options));

        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.StallTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        if (options.CaFile is not null)
        {
            var trust = PrivateCaTrust.Load(options.CaFile);
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = trust.Validate };
        }

        var client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("ds-edge");
        return client;
    }
}
