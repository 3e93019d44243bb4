using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// The agent's model store, opened and recovered once, before any camera starts, so that a camera starts on the version the
/// store points it at (what the last update committed) rather than the configured model. <see cref="Store"/> is null when
/// over-the-air updates are off (no <c>Ota:TrustedKeys</c>).
/// </summary>
public sealed class DeviceModelStore : IDisposable
{
    private readonly ILogger<DeviceModelStore> _logger;

    public DeviceModelStore(OtaOptions options, string storeDirectory, ILogger<DeviceModelStore> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        if (options.TrustedKeys.Count == 0)
        {
            OtaLog.Disabled(logger);
            return;
        }

        var storeOptions = new ModelStoreOptions
        {
            KeepPreviousVersions = options.KeepPreviousVersions,
            MaxQuarantineBytes = options.MaxQuarantineBytes,
            QuarantineRetention = options.QuarantineRetention,
            MaxDownloadBytes = options.MaxDownloadBytes,
            DownloadRetention = options.DownloadRetention,
            Limits = new PackageLimits { MaxPackageBytes = options.MaxPackageBytes },
        };
        Store = ModelStore.Open(storeDirectory, TrustedKeys.Load(options.TrustedKeys), storeOptions, time);
        var report = Store.Recover();
        foreach (var leftover in report.RemovedLeftovers) OtaLog.RecoveredLeftover(logger, leftover);
        foreach (var fallback in report.Fallbacks) OtaLog.RecoveredFallback(logger, fallback.Camera, fallback.From?.Id, fallback.To?.Id ?? "the configured model", fallback.Reason);
    }

    public ModelStore? Store { get; }

    /// <summary>
    /// The version the store points <paramref name="camera"/> at, opened and checked (signature and every file), or null when
    /// there is none or it fails its check (logged: the camera then starts on its configured model).
    /// </summary>
    public ModelBundle? OpenActive(string camera)
    {
        if (Store?.GetActive(camera) is not { } active) return null;
        try
        {
            return Store.Load(active.Model);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            OtaLog.ActiveUnusable(_logger, camera, active.Model.Id, ex.Message);
            return null;
        }
    }

    public void Dispose() => Store?.Dispose();
}
