namespace DeepSeek.Edge.Models.Store;

/// <summary>
/// Garbage collection of a store: per model name, versions no camera points at beyond the newest N; quarantine entries beyond
/// M; downloads untouched for the retention time. Each is renamed into <c>.staging/</c> (one atomic step out of sight), then deleted.
/// </summary>
internal static class StoreGarbageCollector
{
    public static GarbageReport Run(StoreLayout layout, IEnumerable<ActiveModel> pointers, ModelStoreOptions options, TimeProvider time, Action<string> step)
    {
        var referenced = pointers.SelectMany(a => new[] { a.Model, a.Previous }).OfType<ModelRef>().ToHashSet();
        var removed = new List<ModelRef>();
        foreach (var group in InstalledVersions.Enumerate(layout).GroupBy(v => v.Model.Name).ToList())
        {
            var surplus = group.Where(v => !referenced.Contains(v.Model))
                .OrderByDescending(v => v.StagedAt).ThenByDescending(v => v.Model.Version, StringComparer.Ordinal)
                .Skip(options.KeepPreviousVersions);
            foreach (var version in surplus)
            {
                Trash(layout, version.Directory, step);
                removed.Add(version.Model);
            }

            var modelDirectory = layout.ModelDirectory(group.Key);
            if (!Directory.EnumerateFileSystemEntries(modelDirectory).Any())
            {
                Directory.Delete(modelDirectory);
                DurableFiles.FsyncDirectory(layout.Root);
            }
        }

        var quarantine = new DirectoryInfo(layout.QuarantineDirectory).EnumerateDirectories()
            .OrderByDescending(d => d.LastWriteTimeUtc).ThenByDescending(d => d.Name, StringComparer.Ordinal)
            .Skip(options.KeepQuarantined).ToList();
        foreach (var entry in quarantine) Trash(layout, entry.FullName, step);

        var cutoff = time.GetUtcNow().UtcDateTime - options.DownloadRetention;
        var downloads = new DirectoryInfo(layout.DownloadsDirectory).EnumerateDirectories()
            .Where(d => d.EnumerateFiles().Select(f => f.LastWriteTimeUtc).Append(d.LastWriteTimeUtc).Max() < cutoff).ToList();
        foreach (var download in downloads) Trash(layout, download.FullName, step);

        return new GarbageReport(removed, quarantine.Select(d => d.Name).ToArray(), downloads.Select(d => d.Name).ToArray());
    }

    private static void Trash(StoreLayout layout, string directory, Action<string> step)
    {
        var trash = layout.NewStagingDirectory("trash");
        DurableFiles.MoveDirectory(directory, trash);
        step("gc:trashed");
        Directory.Delete(trash, recursive: true);
    }
}
