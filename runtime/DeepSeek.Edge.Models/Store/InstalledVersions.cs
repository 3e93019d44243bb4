using DeepSeek.Edge.Models.Naming;
namespace DeepSeek.Edge.Models.Store;

/// <summary>Lists what is in a store on disk: version directories (with the time they were staged) and camera pointer files.</summary>
internal static class InstalledVersions
{
    public static IEnumerable<(ModelRef Model, string Directory, DateTime StagedAt)> Enumerate(StoreLayout layout)
    {
        foreach (var name in new DirectoryInfo(layout.Root).EnumerateDirectories())
        {
            if (!SafeName.IsValid(name.Name) || StoreLayout.IsReserved(name.Name)) continue;
            foreach (var version in name.EnumerateDirectories().Where(v => SafeName.IsValid(v.Name)))
                yield return (new ModelRef(name.Name, version.Name), version.FullName, version.LastWriteTimeUtc);
        }
    }

    public static string[] PointerFiles(StoreLayout layout) =>
        Directory.EnumerateFiles(layout.ActiveDirectory, "*.json")
            .Where(p => SafeName.IsValid(Path.GetFileNameWithoutExtension(p)))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
