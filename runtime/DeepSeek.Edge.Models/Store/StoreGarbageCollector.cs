namespace DeepSeek.Edge.Models.Store;

/// <summary>
/// Garbage collection of a store: per model name, versions no camera points at beyond the newest N; quarantine entries beyond
/// M, past their retention time or their bytes bound; downloads past their retention time or their bytes bound. Each is renamed into <c>.staging/</c> (one atomic step out of sight), then deleted.
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

        var now = time.GetUtcNow().UtcDateTime;
        var quarantine = Surplus(
            new DirectoryInfo(layout.QuarantineDirectory).EnumerateDirectories().Select(d => (d, d.LastWriteTimeUtc)),
            options.KeepQuarantined, now - options.QuarantineRetention, options.MaxQuarantineBytes, keepNewest: false);
        foreach (var entry in quarantine) Trash(layout, entry.FullName, step);

        var downloads = Surplus(
            new DirectoryInfo(layout.DownloadsDirectory).EnumerateDirectories().Select(d => (d, d.EnumerateFiles().Select(f => f.LastWriteTimeUtc).Append(d.LastWriteTimeUtc).Max())),
            int.MaxValue, now - options.DownloadRetention, options.MaxDownloadBytes, keepNewest: true);
        foreach (var download in downloads) Trash(layout, download.FullName, step);

        return new GarbageReport(removed, quarantine.Select(d => d.Name).ToArray(), downloads.Select(d => d.Name).ToArray());
    }

    /// <summary>
    /// Of <paramref name="entries"/> (a directory and when it was last written), those to remove: newest first, an entry is kept while
    /// fewer than <paramref name="keepCount"/> are, it is not older than <paramref name="cutoff"/> and the kept bytes stay within
    /// <paramref name="maxBytes"/>; with <paramref name="keepNewest"/> the newest one within the age is kept whatever its size.
    /// </summary>
    private static List<DirectoryInfo> Surplus(IEnumerable<(DirectoryInfo Directory, DateTime WrittenAt)> entries, int keepCount, DateTime cutoff, long maxBytes, bool keepNewest)
    {
        var surplus = new List<DirectoryInfo>();
        var kept = 0;
        long keptBytes = 0;
        var newest = true;
        foreach (var (directory, writtenAt) in entries.OrderByDescending(e => e.WrittenAt).ThenByDescending(e => e.Directory.Name, StringComparer.Ordinal))
        {
            var bytes = directory.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            var keep = writtenAt >= cutoff && kept < keepCount && ((newest && keepNewest) || keptBytes + bytes <= maxBytes);
            newest = false;
            if (keep)
            {
                kept++;
                keptBytes += bytes;
            }
            else
            {
                surplus.Add(directory);
            }
        }

        return surplus;
    }

    private static void Trash(StoreLayout layout, string directory, Action<string> step)
    {
        var trash = layout.NewStagingDirectory("trash");
        DurableFiles.MoveDirectory(directory, trash);
        step("gc:trashed");
        Directory.Delete(trash, recursive: true);
    }
}
