using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// Where a device fetches a package: <see cref="Url"/> when it is served over HTTP(S) (a web server or an object store), null for
/// MQTT chunks; with the package's SHA-256 and size, which pin the package either way (the device refuses a transfer of anything else).
/// </summary>
internal sealed record PackageSource(string? Url, string Sha256, long Size)
{
    /// <summary>The desired-state entry for this package: the URL (if any) as source, and its SHA-256 and size as the pin.</summary>
    public DesiredModel Desired(string name, string version, string? camera) =>
        new(name, version, camera is null ? null : [camera], Url is null ? null : new Uri(Url), Sha256, Size);

    /// <summary>Checks that <paramref name="url"/> is an absolute http:// or https:// URL.</summary>
    public static string CheckUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
            throw new ArgumentException($"--url \"{url}\" is not an http:// or https:// URL; give the address devices download the package from, e.g. https://models.example.com/faces-1.2.0.zip");
        return url;
    }
}
