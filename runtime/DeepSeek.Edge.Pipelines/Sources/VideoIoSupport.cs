using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>Which video I/O backends the loaded OpenCV was built with, read from its build information.</summary>
public static class VideoIoSupport
{
    private static readonly Lazy<string> BuildInformation = new(Cv2.GetBuildInformation);

    /// <summary>Whether OpenCV can run GStreamer pipelines (needed by <c>csi://</c> and <c>gst:</c>).</summary>
    public static bool HasGStreamer => Has(BuildInformation.Value, "GStreamer");

    /// <summary>Whether OpenCV can read Video4Linux2 devices (<c>v4l2:</c>).</summary>
    public static bool HasV4l2 => Has(BuildInformation.Value, "v4l/v4l2");

    /// <summary>What to do when GStreamer is missing, for error messages.</summary>
    public static string GStreamerHelp =>
        "the OpenCV loaded here was built without GStreamer (its video I/O: " + Backends(BuildInformation.Value) + "). " +
        "Use an OpenCvSharpExtern built against an OpenCV with GStreamer (on Jetson, JetPack's OpenCV: see Dockerfile.jetson) " +
        "and install GStreamer (gstreamer1.0-plugins-base, gstreamer1.0-plugins-good; for CSI cameras nvidia-l4t-gstreamer, " +
        "which provides nvarguscamerasrc and nvvidconv); or install gstreamer1.0-tools and set Decoder to auto or gstreamer, " +
        "so that a gst-launch-1.0 process runs the pipeline";

    /// <summary>Whether the "Video I/O" section of <paramref name="buildInformation"/> lists <paramref name="backend"/> as YES.</summary>
    internal static bool Has(string buildInformation, string backend)
    {
        foreach (var line in VideoIoLines(buildInformation))
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith(backend + ":", StringComparison.OrdinalIgnoreCase))
                return trimmed[(backend.Length + 1)..].TrimStart().StartsWith("YES", StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }

    /// <summary>The backends the "Video I/O" section lists as YES, comma-separated.</summary>
    internal static string Backends(string buildInformation)
    {
        var names = VideoIoLines(buildInformation)
            .Where(l => l.Length - l.TrimStart().Length <= 4 && l.Contains(':', StringComparison.Ordinal))
            .Select(l => l.Trim())
            .Where(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].TrimStart().StartsWith("YES", StringComparison.OrdinalIgnoreCase))
            .Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)])
            .ToArray();
        return names.Length == 0 ? "none" : string.Join(", ", names);
    }

    private static IEnumerable<string> VideoIoLines(string buildInformation)
    {
        var inSection = false;
        foreach (var line in buildInformation.Split('\n'))
        {
            var text = line.TrimEnd('\r');
            if (!inSection)
            {
                inSection = text.Trim().Equals("Video I/O:", StringComparison.OrdinalIgnoreCase);
                continue;
            }

            if (text.Trim().Length == 0) yield break;
            yield return text;
        }
    }
}
