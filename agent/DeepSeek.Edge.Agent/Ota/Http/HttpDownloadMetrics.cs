using System.Diagnostics.Metrics;
using DeepSeek.Edge.Inference.Telemetry;

namespace DeepSeek.Edge.Agent.Ota.Http;

/// <summary>Counters of the HTTP(S) package download, on <see cref="EdgeMeter.Instance"/>.</summary>
internal static class HttpDownloadMetrics
{
    /// <summary>Tag <c>reason</c> of <see cref="Retries"/>: no bytes for the stall timeout.</summary>
    public const string Stall = "stall";

    /// <summary>Tag <c>reason</c> of <see cref="Retries"/>: the server answered 5xx (or 408, 429).</summary>
    public const string ServerError = "server_error";

    /// <summary>Tag <c>reason</c> of <see cref="Retries"/>: connection refused, reset or closed early.</summary>
    public const string Network = "network";

    /// <summary>Tag <c>reason</c> of <see cref="Retries"/>: the stored bytes were dropped (no resume support, or the file changed).</summary>
    public const string RestartFromZero = "restart_from_zero";

    public static readonly Counter<long> Bytes =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.ota.http.bytes", "By", "Model package bytes received over HTTP(S)");

    public static readonly Counter<long> Retries =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.ota.http.retries", "{retry}",
            "HTTP(S) package requests repeated or restarted from byte 0, tagged reason stall, server_error, network or restart_from_zero");

    public static void Retry(string reason) => Retries.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
