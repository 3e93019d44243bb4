using DeepSeek.Edge.Models.Naming;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Models.Store;

/// <summary>
/// The on-device model store (see <see cref="StoreLayout"/> and docs/model-packages.md). Versions are installed by unpacking into
/// <c>.staging/</c>, forcing to disk and renaming, so a version directory under its final name is always complete; cameras point at
/// versions through files replaced atomically. Call <see cref="Recover"/> once at start, before anything else.
/// One process at a time: <see cref="Open"/> takes <c>.lock</c>. Methods are synchronous (disk and hashing bound): run them off the frame path.
/// </summary>
public sealed class ModelStore : IDisposable
{
    private readonly FileStream _lock;
    private readonly TrustedKeys _keys;
    private readonly ModelStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly QuarantineArea _quarantine;
    private readonly Lock _gate = new();

    private ModelStore(StoreLayout layout, FileStream lockFile, TrustedKeys keys, ModelStoreOptions options, TimeProvider time)
    {
        Layout = layout;
        _lock = lockFile;
        _keys = keys;
        _options = options;
        _time = time;
        _quarantine = new QuarantineArea(layout, time, Step);
    }

    public StoreLayout Layout { get; }

    /// <summary>Called between the steps of staging, activation and collection: tests end the process there to simulate a crash.</summary>
    internal Action<string>? CrashPoint { get; set; }

    public static ModelStore Open(string root, TrustedKeys trustedKeys, ModelStoreOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        options ??= new ModelStoreOptions();
        options.Validate();
        var layout = new StoreLayout(root);
        foreach (var dir in new[] { layout.Root, layout.StagingDirectory, layout.ActiveDirectory, layout.QuarantineDirectory, layout.DownloadsDirectory })
            DurableFiles.CreateDirectory(dir);

        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(layout.Root, StoreLayout.LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"the model store {layout.Root} is in use by another process; each agent needs its own store", ex);
        }

        return new ModelStore(layout, lockFile, trustedKeys, options, time ?? TimeProvider.System);
    }

    /// <summary>
    /// Verifies a package (signature, manifest, every file) and installs it as <c>&lt;name&gt;/&lt;version&gt;/</c>. Installing the same
    /// signed manifest again is a no-op. A package that fails a check, or reuses an installed version for another manifest, is
    /// quarantined and <see cref="PackageRejectedException"/> is thrown (its inner exception is the failed check).
    /// </summary>
    public StagedModel Stage(string packagePath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(packagePath);
        if (!File.Exists(packagePath)) throw new FileNotFoundException($"package \"{packagePath}\" not found", packagePath);
        lock (_gate)
        {
            var staging = Layout.NewStagingDirectory("stage");
            try
            {
                var verified = new PackageVerifier(_keys, _options.Limits).VerifyAndExtract(packagePath, staging, cancellationToken);
                Step("stage:extracted");
                var model = new ModelRef(verified.Manifest.Name, verified.Manifest.Version);
                if (StoreLayout.IsReserved(model.Name))
                    throw new ManifestException("$.name", $"is \"{model.Name}\", a name the model store uses for itself; rename the model", packagePath);

                var target = Layout.VersionDirectory(model);
                if (Directory.Exists(target))
                {
                    var existing = TryLoad(model, out var problem);
                    if (existing is not null)
                    {
                        if (!existing.ManifestBytes.AsSpan().SequenceEqual(verified.ManifestBytes))
                        {
                            throw new ModelIntegrityException(ModelBundle.ManifestFileName,
                                $"{model.Id} is already installed with a different manifest; versions are immutable: publish the change as a new version");
                        }

                        DeleteTree(staging);
                        return new StagedModel(model, target, verified.PackageSha256, verified.SignedBy.KeyId, AlreadyPresent: true);
                    }

                    _quarantine.MoveVersion(target, model, $"installed copy failed its check and was replaced: {problem}");
                }

                ModelBundle.OpenVerified(staging, _keys);
                Step("stage:verified");
                DurableFiles.CreateDirectory(Layout.ModelDirectory(model.Name));
                DurableFiles.MoveDirectory(staging, target);
                Step("stage:renamed");
                Directory.SetLastWriteTimeUtc(target, _time.GetUtcNow().UtcDateTime);
                return new StagedModel(model, target, verified.PackageSha256, verified.SignedBy.KeyId, AlreadyPresent: false);
            }
            catch (Exception ex) when (ex is ModelIntegrityException or SignatureException or ManifestException)
            {
                DeleteTree(staging);
                throw new PackageRejectedException(packagePath, _quarantine.AddPackage(packagePath, ex.Message, MaxQuarantineCopy), ex);
            }
            catch
            {
                DeleteTree(staging);
                throw;
            }
        }
    }

    /// <summary>Opens an installed version, checking its signature and every file again (do this at every load).</summary>
    public ModelBundle Load(ModelRef model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var directory = Layout.VersionDirectory(model);
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{model.Id} is not installed in the model store {Layout.Root}; stage its package first");
        return ModelBundle.OpenVerified(directory, _keys);
    }

    /// <summary>The installed versions, oldest first (by the time they were staged).</summary>
    public IReadOnlyList<ModelRef> Versions() =>
        InstalledVersions.Enumerate(Layout).OrderBy(v => v.StagedAt).ThenBy(v => v.Model.Id, StringComparer.Ordinal).Select(v => v.Model).ToArray();

    public ActiveModel? GetActive(string camera)
    {
        var path = Layout.ActiveFile(CheckCamera(camera));
        return File.Exists(path) ? ActivePointerFile.Read(path) : null;
    }

    public IReadOnlyList<ActiveModel> ActiveModels() =>
        InstalledVersions.PointerFiles(Layout).Select(ActivePointerFile.Read).OrderBy(a => a.Camera, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Points <paramref name="camera"/> at an installed version (checked first), remembering the version it ran before as
    /// <see cref="ActiveModel.Previous"/>. Atomic: after a crash the camera points at the old or the new version.
    /// </summary>
    public ActiveModel Activate(string camera, ModelRef model)
    {
        CheckCamera(camera);
        ArgumentNullException.ThrowIfNull(model);
        lock (_gate)
        {
            Load(model);
            var current = GetActive(camera);
            if (current?.Model == model) return current;
            var next = new ActiveModel(camera, model, current?.Model, _time.GetUtcNow());
            ActivePointerFile.Write(Layout.ActiveFile(camera), next, Step);
            return next;
        }
    }

    /// <summary>Points <paramref name="camera"/> back at its previous version (checked first); the camera then has no previous version.</summary>
    public ActiveModel Rollback(string camera)
    {
        CheckCamera(camera);
        lock (_gate)
        {
            var current = GetActive(camera) ?? throw new InvalidOperationException($"camera \"{camera}\" has no active model to roll back");
            var previous = current.Previous
                ?? throw new InvalidOperationException($"camera \"{camera}\" runs {current.Model.Id} and has no previous version to roll back to");
            Load(previous);
            var next = new ActiveModel(camera, previous, null, _time.GetUtcNow());
            ActivePointerFile.Write(Layout.ActiveFile(camera), next, Step);
            return next;
        }
    }

    /// <summary>Removes the camera's pointer (the camera runs no model). Returns false when it had none.</summary>
    public bool Deactivate(string camera)
    {
        var path = Layout.ActiveFile(CheckCamera(camera));
        lock (_gate)
        {
            if (!File.Exists(path)) return false;
            File.Delete(path);
            DurableFiles.FsyncDirectory(Layout.ActiveDirectory);
            return true;
        }
    }

    /// <summary>Copies a package into quarantine with the reason (e.g. it failed warm-up or validation after staging).</summary>
    public string Quarantine(string packagePath, string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(packagePath);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        lock (_gate) return _quarantine.AddPackage(packagePath, reason, MaxQuarantineCopy);
    }

    /// <summary>
    /// Removes, per model name, the versions no camera points at (as active or previous) beyond the newest
    /// <see cref="ModelStoreOptions.KeepPreviousVersions"/>; quarantine entries beyond <see cref="ModelStoreOptions.KeepQuarantined"/>,
    /// <see cref="ModelStoreOptions.QuarantineRetention"/> or <see cref="ModelStoreOptions.MaxQuarantineBytes"/>; downloads beyond
    /// <see cref="ModelStoreOptions.DownloadRetention"/> or <see cref="ModelStoreOptions.MaxDownloadBytes"/> (the newest is kept). A version is first renamed into <c>.staging/</c>, then deleted.
    /// </summary>
    public GarbageReport CollectGarbage()
    {
        lock (_gate) return StoreGarbageCollector.Run(Layout, ActiveModels(), _options, _time, Step);
    }

    /// <summary>
    /// Run once at start. Deletes what interrupted operations left in <c>.staging/</c> and temporary pointer files, then checks the
    /// version every camera points at (signature and every file). A broken version is quarantined and the camera falls back to its
    /// previous version when that one checks out, else it is left without a model. Every change is in the report.
    /// </summary>
    public RecoveryReport Recover(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return new StoreRecovery(Layout, _quarantine, _time, Step, model =>
            {
                TryLoad(model, out var problem);
                return problem;
            }).Run(cancellationToken);
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>The largest rejected package copied into quarantine: one that would not fit there is recorded by its reason only.</summary>
    private long MaxQuarantineCopy => Math.Min(_options.Limits.MaxPackageBytes, _options.MaxQuarantineBytes);

    private ModelBundle? TryLoad(ModelRef model, out string? problem)
    {
        try
        {
            problem = null;
            return Load(model);
        }
        catch (Exception ex) when (ex is SignatureException or ManifestException or ModelIntegrityException or IOException or UnauthorizedAccessException)
        {
            problem = ex.Message;
            return null;
        }
    }

    private void Step(string name) => CrashPoint?.Invoke(name);

    private static void DeleteTree(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for Recover: everything under .staging/ is deleted at the next start.
        }
    }

    private static string CheckCamera(string camera) =>
        SafeName.IsValid(camera) ? camera : throw new ArgumentException($"camera name \"{camera}\" is not a safe file name: use letters, digits, '.', '-' and '_'", nameof(camera));
}
