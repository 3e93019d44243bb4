using System.Globalization;
using System.Net;
using System.Security.Authentication;

namespace DeepSeek.Edge.Agent.Ota.Http;

/// <summary>The messages of <see cref="HttpDownloadException"/>: each names the URL (credentials removed), what happened and what to do.</summary>
internal static class HttpDownloadErrors
{
    /// <summary>The URL for messages and logs: user info and query string (pre-signed URLs carry credentials there) left out.</summary>
    public static string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return $"{url.Scheme}://{url.Authority}{url.AbsolutePath}{(url.Query.Length > 1 ? "?…" : "")}";
    }

    public static HttpDownloadException TooLarge(Uri url, long size, long max) => new(Invariant(
        $"{Redact(url)}: the package is {size} bytes, more than {HttpDownloadOptions.SectionName}:MaxPackageBytes ({max}); raise that limit if the device has room for it, or publish a smaller package"));

    public static HttpDownloadException Status(Uri url, HttpStatusCode status, string? reason)
    {
        var what = (int)status switch
        {
            401 or 403 => "the server refused access; check the credentials or the signature in the URL (pre-signed URLs expire) and publish the desired state again",
            404 or 410 => "the package file is not there; check the URL in the desired state and that the file was uploaded",
            >= 300 and < 400 => "a redirect that was not followed (e.g. https to http); publish the final URL instead",
            _ => "fix the URL or the server, then publish the desired state again",
        };
        return new HttpDownloadException(Invariant($"{Redact(url)}: the server answered {(int)status} {reason ?? status.ToString()}: {what}"));
    }

    public static HttpDownloadException WrongSize(Uri url, long served, long size) => new(Invariant(
        $"{Redact(url)}: the server's file is {served} bytes but the published package is {size} bytes: the served file is not the published package; upload the right file or fix the URL"));

    public static HttpDownloadException TooManyBytes(Uri url, long size) => new(Invariant(
        $"{Redact(url)}: the server sent more than the package's {size} bytes (\"size\"), cut off at byte {size + 1}: the served file is not the published package; upload the right file or fix the URL"));

    public static HttpDownloadException HashMismatch(Uri url, string actual, string expected) => new(Invariant(
        $"{Redact(url)}: sha256 mismatch: the served file is not the published package (got {actual}, expected {expected}); upload the right file or fix the URL; the download starts over next time"));

    public static HttpDownloadException Untrusted(Uri url, string? caFile, HttpRequestException ex)
    {
        var detail = ex.InnerException is AuthenticationException auth ? auth.Message : ex.Message;
        var message = caFile is null
            ? $"{Redact(url)}: the server certificate of {url.Host} is not trusted by the system's CA roots ({detail}); if the server uses a private CA, set {HttpDownloadOptions.SectionName}:CaFile to that CA's PEM file"
            : $"{Redact(url)}: the server certificate of {url.Host} is trusted neither by the system's CA roots nor by the CA in {caFile} ({detail}); check that {caFile} holds the CA that issued the server's certificate and that the certificate names {url.Host}";
        return new HttpDownloadException(message, ex);
    }

    public static HttpDownloadException GaveUp(Uri url, int attempts, string lastReason, long stored, long size) => new(Invariant(
        $"{Redact(url)}: gave up after {attempts} failed attempts in a row (last: {lastReason}); {stored} of {size} bytes are stored and the next try resumes there; check the server and the network"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
