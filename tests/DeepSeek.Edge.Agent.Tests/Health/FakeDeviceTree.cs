namespace DeepSeek.Edge.Agent.Tests.Health;

/// <summary>A temporary directory standing in for the device's / (proc and sys nodes written by the test).</summary>
internal sealed class FakeDeviceTree : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("ds-edge-root-");

    public string Root => _root.FullName;

    public FakeDeviceTree Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    /// <summary>Makes <paramref name="linkPath"/> a symbolic link to the directory <paramref name="targetPath"/>, as sysfs class entries are.</summary>
    public FakeDeviceTree Link(string linkPath, string targetPath)
    {
        var link = Path.Combine(Root, linkPath);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        Directory.CreateSymbolicLink(link, Path.Combine(Root, targetPath));
        return this;
    }

    public void Dispose() => _root.Delete(recursive: true);
}
