using System.Runtime.InteropServices;

namespace DeepSeek.Edge.Models.Store;

/// <summary>
/// The few file-system steps that make the model store survive a power loss: fsync of files and of directories (so that
/// a rename or a new entry is on disk), and write-temp + fsync + rename + fsync-directory for small files.
/// </summary>
internal static class DurableFiles
{
    /// <summary>Forces a directory's entries (creations, renames, deletions in it) to disk. A no-op on Windows.</summary>
    public static void FsyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = Native.Open(directory, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"cannot open directory {directory} to fsync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Native.Fsync(fd) != 0)
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()}); the disk may be failing or full");
        }
        finally
        {
            _ = Native.Close(fd);
        }
    }

    public static void FsyncFile(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.FlushToDisk(handle);
    }

    /// <summary>Replaces <paramref name="path"/> atomically: a reader sees the old or the new content, also after a power loss.</summary>
    public static void ReplaceFile(string path, ReadOnlySpan<byte> content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TempSuffix}");
        WriteNewFile(temp, content);
        File.Move(temp, path, overwrite: true);
        FsyncDirectory(directory);
    }

    /// <summary>Suffix of the temporary files <see cref="ReplaceFile"/> leaves behind when it is interrupted.</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>Writes a new file and forces it to disk (the directory entry is not forced).</summary>
    public static void WriteNewFile(string path, ReadOnlySpan<byte> content)
    {
        using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        RandomAccess.Write(handle, content, 0);
        RandomAccess.FlushToDisk(handle);
    }

    /// <summary>Creates a directory and, when it is new, forces its entry in the parent to disk.</summary>
    public static void CreateDirectory(string directory)
    {
        directory = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        if (Directory.Exists(directory)) return;
        var parent = Path.GetDirectoryName(directory);
        if (parent is not null) CreateDirectory(parent);
        Directory.CreateDirectory(directory);
        if (parent is not null) FsyncDirectory(parent);
    }

    /// <summary>Renames a directory (atomic on one file system) and forces both parents to disk.</summary>
    public static void MoveDirectory(string from, string to)
    {
        Directory.Move(from, to);
        var fromParent = Path.GetDirectoryName(Path.GetFullPath(from))!;
        var toParent = Path.GetDirectoryName(Path.GetFullPath(to))!;
        FsyncDirectory(toParent);
        if (fromParent != toParent) FsyncDirectory(fromParent);
    }

    /// <summary>Forces every file and directory under <paramref name="directory"/> to disk, the deepest first.</summary>
    public static void FsyncTree(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)) FsyncFile(file);
        foreach (var sub in Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
            FsyncDirectory(sub);
        FsyncDirectory(directory);
    }

    private static class Native
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static extern int Fsync(int fd);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        public static extern int Close(int fd);
    }
}
