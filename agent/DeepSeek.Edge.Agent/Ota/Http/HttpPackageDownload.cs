using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using DeepSeek.Edge.Models.Packaging.Chunks;
using DeepSeek.Edge.Models.Store;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Ota.Http;

/// <summary>
/// Downloads one package from an <c>http://</c> or <c>https://</c> URL into a directory, resuming with HTTP Range requests:
/// after a cancel, crash or power loss only the bytes not yet stored are fetched (see <see cref="PartialPackageFile"/>).
/// Server errors, network errors and stalls are retried with backoff; a file that changed on the server (other ETag or
/// Last-Modified, sent as <c>If-Range</c>) or a server without Range support restarts from byte 0 rather than splicing two
/// files. The finished file is checked against the published SHA-256 and renamed to <c>package.zip</c>.
/// </summary>
internal sealed class HttpPackageDownload
{
    public const string PackageFileName = ChunkAssembler.PackageFileName;
    private const int BufferSize = 64 * 1024;

    private readonly HttpClient _http;
    private readonly HttpDownloadOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public HttpPackageDownload(HttpClient http, HttpDownloadOptions options, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), nameof(options));
        _http = http;
        _options = options;
        _logger = logger;
        _time = time;
    }

    /// <summary>
    /// Returns the path of the complete, SHA-256-checked <c>package.zip</c> in <paramref name="directory"/> (one directory per
    /// package; created if missing). <paramref name="progress"/> gets (stored bytes, <paramref name="size"/>) a few times a second.
    /// Throws <see cref="HttpDownloadException"/> for what retrying will not fix, or when <see cref="HttpDownloadOptions.MaxAttempts"/>
    /// failures came in a row; the bytes stored so far are kept unless they cannot belong to the package.
    /// </summary>
    public async Task<string> RunAsync(Uri url, string sha256Hex, long size, string directory, Func<long, long, Task> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"{url} is not an http:// or https:// URL", nameof(url));
        var sha256 = sha256Hex?.ToLowerInvariant() ?? "";
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException($"'{sha256Hex}' is not a SHA-256 (64 hex digits)", nameof(sha256Hex));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (size > _options.MaxPackageBytes) throw HttpDownloadErrors.TooLarge(url, size, _options.MaxPackageBytes);

        var shown = HttpDownloadErrors.Redact(url);
        directory = Path.GetFullPath(directory);
        DurableFiles.CreateDirectory(directory);
        var packagePath = Path.Combine(directory, PackageFileName);
        if (File.Exists(packagePath))
        {
            if (await IsPackageAsync(packagePath, sha256, size, cancellationToken).ConfigureAwait(false))
            {
                File.Delete(Path.Combine(directory, PartialPackageFile.ProgressFileName));
                File.Delete(Path.Combine(directory, PartialPackageFile.PartialFileName));
                HttpDownloadLog.AlreadyPresent(_logger, shown);
                await progress(size, size).ConfigureAwait(false);
                return packagePath;
            }

            File.Delete(packagePath);
        }

        using var partial = PartialPackageFile.Open(directory, sha256, size, _options.FsyncEveryBytes);
        if (partial.CutBackFrom is { } found) HttpDownloadLog.Truncated(_logger, shown, found, partial.Length);
        var reporter = new ProgressThrottle(progress, size, _time);
        await reporter.ReportAsync(partial.Length, force: true).ConfigureAwait(false);
        if (partial.Length < size)
        {
            HttpDownloadLog.Starting(_logger, shown, size, partial.Length);
            try
            {
                await FetchAsync(url, partial, reporter, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (partial.Length > partial.StoredLength) partial.Store(); // the next run resumes exactly here
                throw;
            }
        }

        var actual = await partial.HashAsync(cancellationToken).ConfigureAwait(false);
        if (actual != sha256)
        {
            partial.Discard();
            throw HttpDownloadErrors.HashMismatch(url, actual, sha256);
        }

        partial.Complete(packagePath);
        HttpDownloadLog.Completed(_logger, shown, size);
        await reporter.ReportAsync(size, force: true).ConfigureAwait(false);
        return packagePath;
    }

    private async Task FetchAsync(Uri url, PartialPackageFile partial, ProgressThrottle reporter, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (partial.Length < partial.Size)
        {
            var before = partial.Length;
            var failure = await AttemptAsync(url, partial, reporter, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                if (partial.Length == partial.Size) break;
                if (partial.Length > before)
                {
                    failures = 0; // the server sent a shorter range than asked for: ask for the rest
                    continue;
                }

                failure = new Failure(HttpDownloadMetrics.Network, string.Create(CultureInfo.InvariantCulture,
                    $"the response ended at byte {partial.Length}, before the end of the package"));
            }

            partial.Store();
            failures = partial.Length > before ? 1 : failures + 1;
            if (failures >= _options.MaxAttempts)
                throw HttpDownloadErrors.GaveUp(url, failures, failure.Detail, partial.StoredLength, partial.Size);
            var delay = RetryDelay(failures);
            HttpDownloadMetrics.Retry(failure.Reason);
            HttpDownloadLog.Retrying(_logger, HttpDownloadErrors.Redact(url), failure.Detail, partial.Length, delay, failures, _options.MaxAttempts);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }

        if (partial.Length > partial.StoredLength) partial.Store();
    }

    /// <summary>One request: null when its body was read to the end, else why it failed in a way worth retrying.</summary>
    private async Task<Failure?> AttemptAsync(Uri url, PartialPackageFile partial, ProgressThrottle reporter, CancellationToken cancellationToken)
    {
        using var stall = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var offset = partial.Length;
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
            if (partial.Validator is { } sent && RangeConditionHeaderValue.TryParse(sent, out var condition)) request.Headers.IfRange = condition;
        }

        HttpResponseMessage response;
        stall.CancelAfter(_options.StallTimeout);
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.InnerException is AuthenticationException)
        {
            throw HttpDownloadErrors.Untrusted(url, _options.CaFile, ex);
        }
        catch (HttpRequestException ex)
        {
            return new Failure(HttpDownloadMetrics.Network, ex.Message);
        }
        catch (OperationCanceledException) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Stalled(url, offset);
        }

        using (response)
        {
            var failure = Accept(url, partial, response, offset);
            if (failure is not null) return failure;
            return await CopyBodyAsync(url, response, partial, reporter, stall, linked.Token, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Checks the status and headers; prepares <paramref name="partial"/> for the body (appending or from byte 0).</summary>
    private Failure? Accept(Uri url, PartialPackageFile partial, HttpResponseMessage response, long offset)
    {
        var validator = ValidatorOf(response);
        var status = (int)response.StatusCode;
        switch (status)
        {
            case (int)HttpStatusCode.PartialContent:
                var range = response.Content.Headers.ContentRange;
                if (range is { HasLength: true } && range.Length != partial.Size)
                {
                    partial.Discard();
                    throw HttpDownloadErrors.WrongSize(url, range.Length!.Value, partial.Size);
                }

                if (range is not { HasRange: true } || range.From != offset)
                    return RestartFromZero(partial, $"the server answered bytes={offset}- with Content-Range '{range}'; starting over from byte 0");
                if (partial.Validator is { } known && validator is not null && IsEntityTag(known) == IsEntityTag(validator) && known != validator)
                    return RestartFromZero(partial, $"the file changed on the server (validator {known} is now {validator}) but it sent a range anyway; starting over from byte 0");
                return null;

            case (int)HttpStatusCode.OK:
                if (response.Content.Headers.ContentLength is { } length && length != partial.Size)
                {
                    partial.Discard();
                    throw HttpDownloadErrors.WrongSize(url, length, partial.Size);
                }

                if (offset == 0)
                {
                    partial.SetValidator(validator);
                    return null;
                }

                if (partial.Validator is { } old && validator is not null && old != validator)
                    HttpDownloadLog.FileChanged(_logger, HttpDownloadErrors.Redact(url), old, validator, offset);
                else
                    HttpDownloadLog.NoResumeSupport(_logger, HttpDownloadErrors.Redact(url), offset);
                HttpDownloadMetrics.Retry(HttpDownloadMetrics.RestartFromZero);
                partial.Restart(validator);
                return null;

            case (int)HttpStatusCode.RequestedRangeNotSatisfiable:
                return RestartFromZero(partial, $"the server answered 416 to bytes={offset}-: its file is shorter than the bytes already stored; starting over from byte 0");

            case >= 500 or (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests:
                return new Failure(HttpDownloadMetrics.ServerError, $"the server answered {status} {response.ReasonPhrase}");

            default:
                throw HttpDownloadErrors.Status(url, response.StatusCode, response.ReasonPhrase);
        }
    }

    private async Task<Failure?> CopyBodyAsync(Uri url, HttpResponseMessage response, PartialPackageFile partial, ProgressThrottle reporter,
        CancellationTokenSource stall, CancellationToken read, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(read).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                while (true)
                {
                    int n;
                    stall.CancelAfter(_options.StallTimeout);
                    try
                    {
                        // Never more than one byte past the package: a server that sends more is cut off there.
                        n = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(BufferSize, partial.Size - partial.Length + 1)), read).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                    {
                        return Stalled(url, partial.Length);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or IOException)
                    {
                        return new Failure(HttpDownloadMetrics.Network, ex.Message);
                    }

                    if (n == 0) return null;
                    HttpDownloadMetrics.Bytes.Add(n);
                    if (partial.Length + n > partial.Size)
                    {
                        partial.Discard();
                        OtaMetrics.TransfersCutOff.Add(1);
                        throw HttpDownloadErrors.TooManyBytes(url, partial.Size);
                    }

                    await partial.AppendAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    await reporter.ReportAsync(partial.Length, force: false).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Failure Stalled(Uri url, long offset)
    {
        HttpDownloadLog.Stalled(_logger, HttpDownloadErrors.Redact(url), _options.StallTimeout, offset);
        return new Failure(HttpDownloadMetrics.Stall, $"no bytes for {_options.StallTimeout}");
    }

    private static Failure RestartFromZero(PartialPackageFile partial, string detail)
    {
        partial.Restart(null);
        return new Failure(HttpDownloadMetrics.RestartFromZero, detail);
    }

    private TimeSpan RetryDelay(int failures)
    {
        var delay = _options.RetryDelay;
        for (var i = 1; i < failures && delay < _options.MaxRetryDelay; i++) delay *= 2;
        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    /// <summary>What <c>If-Range</c> can carry: a strong ETag, else Last-Modified; null when the server sent neither.</summary>
    private static string? ValidatorOf(HttpResponseMessage response) =>
        response.Headers.ETag is { IsWeak: false } tag ? tag.ToString()
        : response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture);

    private static bool IsEntityTag(string validator) => validator.StartsWith('"');

    private static async Task<bool> IsPackageAsync(string path, string sha256, long size, CancellationToken cancellationToken)
    {
        var file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            if (file.Length != size) return false;
            var actual = await System.Security.Cryptography.SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false);
            return Convert.ToHexStringLower(actual) == sha256;
        }
    }

    /// <summary>A failed request worth retrying: the metric tag and what happened.</summary>
    private sealed record Failure(string Reason, string Detail);
}
