using System.Diagnostics;

namespace DeepSeek.Edge.Agent.Cli.Device;

/// <summary>Gives a file to root:deepseek-edge (the service reads it, no other user does) when run as root and the group exists.</summary>
internal static class ServiceGroup
{
    public const string Name = "deepseek-edge";

    public static void Own(string path)
    {
        if (Environment.UserName != "root" || !Exists()) return;
        using var chown = Process.Start(new ProcessStartInfo("chown", ["root:" + Name, path]) { RedirectStandardError = true })
            ?? throw new IOException("chown could not be started");
        var error = chown.StandardError.ReadToEnd();
        chown.WaitForExit();
        if (chown.ExitCode != 0) throw new IOException($"cannot give {path} to root:{Name}: {error.Trim()}");
    }

    private static bool Exists() =>
        File.Exists("/etc/group") && File.ReadLines("/etc/group").Any(l => l.StartsWith(Name + ":", StringComparison.Ordinal));
}
