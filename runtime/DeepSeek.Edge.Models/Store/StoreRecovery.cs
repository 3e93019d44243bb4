namespace DeepSeek.Edge.Models.Store;

/// <summary>
/// The start-up pass of a store: removes what interrupted operations left behind, then checks every camera's version and
/// falls back to the previous one (or to no model) when it fails, quarantining the broken version.
/// </summary>
internal sealed class StoreRecovery
{
    private readonly StoreLayout _layout;
    private readonly QuarantineArea _quarantine;
    private readonly TimeProvider _time;
    private readonly Action<string> _step;
    private readonly Func<ModelRef, string?> _check;
    private readonly Dictionary<ModelRef, string?> _problems = [];
    private readonly List<string> _quarantined = [];

    /// <param name="check">Loads a version with every check; returns null when it is sound, else the reason.</param>
    public StoreRecovery(StoreLayout layout, QuarantineArea quarantine, TimeProvider time, Action<string> step, Func<ModelRef, string?> check)
    {
        _layout = layout;
        _quarantine = quarantine;
        _time = time;
        _step = step;
        _check = check;
    }

    public RecoveryReport Run(CancellationToken cancellationToken)
    {
        var leftovers = RemoveLeftovers();
        var fallbacks = new List<PointerFallback>();
        foreach (var path in InstalledVersions.PointerFiles(_layout))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (CheckPointer(path) is { } fallback) fallbacks.Add(fallback);
        }

        return new RecoveryReport(leftovers, fallbacks, _quarantined);
    }

    private List<string> RemoveLeftovers()
    {
        var leftovers = new List<string>();
        foreach (var entry in new DirectoryInfo(_layout.StagingDirectory).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo d) d.Delete(recursive: true);
            else entry.Delete();
            leftovers.Add(Path.Combine(StoreLayout.StagingName, entry.Name));
        }

        foreach (var temp in new DirectoryInfo(_layout.ActiveDirectory).EnumerateFiles().Where(f => f.Extension != ".json" || f.Name.StartsWith('.')))
        {
            temp.Delete();
            leftovers.Add(Path.Combine(StoreLayout.ActiveName, temp.Name));
        }

        if (leftovers.Count > 0)
        {
            DurableFiles.FsyncDirectory(_layout.StagingDirectory);
            DurableFiles.FsyncDirectory(_layout.ActiveDirectory);
        }

        return leftovers;
    }

    private PointerFallback? CheckPointer(string path)
    {
        var camera = Path.GetFileNameWithoutExtension(path);
        ActiveModel active;
        try
        {
            active = ActivePointerFile.Read(path);
        }
        catch (InvalidDataException ex)
        {
            RemovePointer(path);
            return new PointerFallback(camera, null, null, ex.Message);
        }

        var problem = Problem(active.Model);
        if (problem is null) return null;
        var previousProblem = active.Previous is null ? "there is no previous version" : Problem(active.Previous);
        if (previousProblem is null)
        {
            ActivePointerFile.Write(path, new ActiveModel(camera, active.Previous!, null, _time.GetUtcNow()), _step);
            return new PointerFallback(camera, active.Model, active.Previous, problem);
        }

        RemovePointer(path);
        return new PointerFallback(camera, active.Model, null, $"{problem}; previous version: {previousProblem}");
    }

    /// <summary>Checks a version once; a broken one is moved to quarantine the first time it is found.</summary>
    private string? Problem(ModelRef model)
    {
        if (_problems.TryGetValue(model, out var known)) return known;
        var problem = _check(model);
        _problems[model] = problem;
        var directory = _layout.VersionDirectory(model);
        if (problem is not null && Directory.Exists(directory)) _quarantined.Add(_quarantine.MoveVersion(directory, model, problem));
        return problem;
    }

    private void RemovePointer(string path)
    {
        File.Delete(path);
        DurableFiles.FsyncDirectory(_layout.ActiveDirectory);
    }
}
