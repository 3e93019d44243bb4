namespace DeepSeek.Edge.Agent.Configuration;

/// <summary>The local status endpoint (<c>Agent:Http</c>).</summary>
public sealed class HttpOptions
{
    public bool Enabled { get; set; } = true;

    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// A file holding the token the status page, snapshots and streams ask for (camera video); required when a listener is
    /// not loopback. <c>/healthz</c> and <c>/metrics</c> stay open. Relative to the configuration file.
    /// </summary>
    public string? TokenFile { get; set; }

    /// <summary>The least number of characters a token may have.</summary>
    public const int MinTokenLength = 16;

    /// <summary>The listeners of <see cref="Urls"/> that are not loopback (any address, a host name, a LAN address).</summary>
    public IEnumerable<string> NonLoopbackUrls() =>
        Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(u => !IsLoopback(u));

    private static bool IsLoopback(string url)
    {
        var host = url.Split("://", 2) is [_, var rest] ? rest.Split('/')[0] : url;
        host = host.StartsWith('[') ? host[1..host.IndexOf(']', StringComparison.Ordinal)] : host.Split(':')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
    }
}
