namespace DeepSeek.Edge.Pipelines.Sources.Piped;

/// <summary>Finds the decoder programs (<c>ffmpeg</c>, <c>gst-launch-1.0</c>) on the PATH.</summary>
internal static class DecoderTools
{
    public const string Ffmpeg = "ffmpeg";
    public const string GstLaunch = "gst-launch-1.0";

    /// <summary>Starts a program in a new session, so that it and anything it starts form one process group.</summary>
    public const string Setsid = "setsid";

    /// <summary>The full path of <paramref name="program"/> on the PATH, or null.</summary>
    public static string? Find(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
                return candidate;
        }

        return null;
    }

    /// <summary>What to install when <paramref name="program"/> is missing.</summary>
    public static string InstallHint(string program) => program == Ffmpeg
        ? "install it (Debian: apt-get install ffmpeg) or set Decoder to opencv"
        : "install it (Debian: apt-get install gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good) or set Decoder to opencv";
}
