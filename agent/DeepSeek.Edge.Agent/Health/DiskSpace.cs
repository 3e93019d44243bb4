namespace DeepSeek.Edge.Agent.Health;

/// <summary>Total and available bytes of the file system holding a directory (or its nearest existing parent).</summary>
internal static class DiskSpace
{
    public static (long Total, long Free)? Read(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory)) return null;
        try
        {
            var dir = new DirectoryInfo(Path.GetFullPath(directory));
            while (dir is { Exists: false }) dir = dir.Parent;
            if (dir is null) return null;

            var drive = new DriveInfo(dir.FullName);
            return (drive.TotalSize, drive.AvailableFreeSpace);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
