namespace DeepSeek.Edge.Pipelines.Sources.Piped;

/// <summary>What a decoder process's last output lines say went wrong, and whether reopening may help.</summary>
/// <param name="Cause">A short tag for metrics: unauthorized, forbidden, not_found, refused, timeout, unreachable, missing_element, bad_pipeline, invalid_data, ended, exited.</param>
/// <param name="Problem">What failed and what to do, credentials removed.</param>
/// <param name="Transient">Whether reopening later may succeed.</param>
internal sealed record DecoderFailure(string Cause, string Problem, bool Transient)
{
    private static readonly (string[] Marks, string Cause, string Problem, bool Transient)[] Rules =
    [
        (["401 Unauthorized", " 401 "], "unauthorized",
            "the server refused the credentials (401 Unauthorized): fix the user name and password in the URL (rtsp://user:password@host/...)", false),
        (["403 Forbidden", " 403 "], "forbidden", "the server refused access (403 Forbidden): give the account the right to read this stream", false),
        (["404 Not Found", "404 Stream Not Found", " 404 "], "not_found",
            "no such stream (404 Not Found): check the path in the URL (the camera's stream name, channel or profile)", true),
        (["Connection refused"], "refused",
            "connection refused: nothing listens at that host and port; check the address, the port (RTSP: 554) and that the camera is on", true),
        (["timed out", "Connection timed out"], "timeout", "the connection timed out: check that the camera is reachable from here (network, firewall)", true),
        (["No route to host", "Network is unreachable", "Name or service not known", "Failed to resolve", "Temporary failure in name resolution"], "unreachable",
            "the host cannot be reached or resolved: check the host name or address and the network", true),
        (["no element \""], "missing_element",
            "GStreamer has no such element: install the plugin that provides it (gst-inspect-1.0 <element>; Debian: gstreamer1.0-plugins-good, -bad, -ugly, gstreamer1.0-libav)", false),
        (["erroneous pipeline", "could not link", "syntax error"], "bad_pipeline",
            "the GStreamer pipeline is not valid: check it with gst-launch-1.0 <pipeline> ! fakesink", false),
        (["No such file or directory", "Resource not found", "No such file \""], "not_found", "no such file or device: check the path", true),
        (["Invalid data found", "could not find codec parameters", "not-negotiated"], "invalid_data",
            "the input is not a video the decoder can read: check the URL or pipeline (ffprobe / gst-discoverer-1.0)", true),
    ];

    /// <summary>Reads <paramref name="lines"/> (newest last) and the exit code of <paramref name="program"/>.</summary>
    public static DecoderFailure From(string program, IReadOnlyList<string> lines, int? exitCode)
    {
        var last = lines.LastOrDefault(l => l.Trim().Length > 0)?.Trim();
        var said = last is null ? "" : $" (its last words: {last})";
        foreach (var (marks, cause, problem, transient) in Rules)
        {
            if (lines.Any(l => marks.Any(m => l.Contains(m, StringComparison.OrdinalIgnoreCase))))
                return new DecoderFailure(cause, $"{program}: {problem}{said}", transient);
        }

        return exitCode == 0
            ? new DecoderFailure("ended", $"{program} stopped: the stream ended{said}", true)
            : new DecoderFailure("exited", $"{program} exited with code {(exitCode is { } c ? c : "unknown")}{said}", true);
    }
}
