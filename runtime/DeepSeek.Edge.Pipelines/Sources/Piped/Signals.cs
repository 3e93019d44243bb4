using System.Runtime.InteropServices;

namespace DeepSeek.Edge.Pipelines.Sources.Piped;

/// <summary>POSIX signals to a process or its whole process group.</summary>
internal static partial class Signals
{
    public const int Terminate = 15;
    public const int Kill = 9;

    /// <summary>Sends <paramref name="signal"/> to the group led by <paramref name="leader"/> (or to the process alone); false when nothing received it.</summary>
    public static bool Send(int leader, int signal, bool group) => SendSignal(group ? -leader : leader, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int SendSignal(int pid, int signal);
}
