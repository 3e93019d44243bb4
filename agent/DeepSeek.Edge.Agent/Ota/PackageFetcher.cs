using DeepSeek.Edge.Pipelines.Sources;
using System.Globalization;
using DeepSeek.Edge.Agent.Health;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Agent.Ota.Http;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Protocol.Documents;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// Gets the package of a desired model into the store's download directory, from its MQTT offer and chunks or from its
/// http(s) URL, after the preflight: the package must fit <see cref="OtaOptions.MaxPackageBytes"/> and the store's file system
/// must hold it twice (the package and its unpacked copy) plus <see cref="OtaOptions.MinFreeBytes"/>.
/// </summary>
internal sealed class PackageFetcher
{
    private readonly OtaOptions _options;
    private readonly MqttConnectionSupervisor _link;
    private readonly HttpPackageDownload _http;
    private readonly ILogger _logger;

    public PackageFetcher(OtaOptions options, MqttConnectionSupervisor link, HttpClient http, ILogger logger, TimeProvider time)
    {
        _options = options;
        _link = link;
        _http = new HttpPackageDownload(http, HttpOptions(options), logger, time);
        _logger = logger;
    }

    /// <summary>The http(s) transfer's settings, from the <c>Ota</c> section.</summary>
    public static HttpDownloadOptions HttpOptions(OtaOptions options) => new()
    {
        StallTimeout = options.StallTimeout,
        MaxPackageBytes = options.MaxPackageBytes,
        CaFile = options.HttpsCaFile,
    };

    /// <summary>Returns the path of the complete package (its SHA-256 checked). <paramref name="progress"/> gets (stored, total) bytes.</summary>
    public async Task<string> FetchAsync(ModelStore store, DesiredModel desired, Func<long, long, Task> progress, CancellationToken cancellationToken)
    {
        if (desired.Source is { } url)
        {
            if (!_options.AllowsSource(url))
            {
                OtaMetrics.SourcesRefused.Add(1);
                throw new UpdateRejectedException($"the package source {SecretRedaction.Redact(url.AbsoluteUri)} is not under Ota:AllowedSources; add its prefix there to let devices download from it, or publish the package over MQTT");
            }

            var size = desired.Size!.Value;
            Preflight(store, desired, size);
            return await _http.RunAsync(url, desired.Sha256!, size, store.Layout.DownloadDirectory(desired.Sha256!), progress, cancellationToken).ConfigureAwait(false);
        }

        var offer = await ReadOfferAsync(desired, cancellationToken).ConfigureAwait(false);
        if (offer.Name != desired.Name || offer.Version != desired.Version)
            throw new UpdateRejectedException($"the offer on {_link.Topics.ModelManifest(desired.Name, desired.Version)} is for {offer.Name}@{offer.Version}; publish the package again");
        RefuseOtherPackage(desired, offer);
        Preflight(store, desired, offer.Chunks.PackageSize);
        return await new ModelDownload(_link, _options.StallTimeout, _logger)
            .RunAsync(offer, store.Layout.DownloadDirectory(offer.Chunks.PackageSha256), progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The offer must describe the package the desired state pins (its <c>size</c> and <c>sha256</c>, when given): checked before any chunk is asked for.</summary>
    private void RefuseOtherPackage(DesiredModel desired, ModelOffer offer)
    {
        var topic = _link.Topics.ModelManifest(desired.Name, desired.Version);
        if (desired.Size is { } size && offer.Chunks.PackageSize != size)
            throw new UpdateRejectedException(string.Create(CultureInfo.InvariantCulture,
                $"the offer on {topic} describes a {offer.Chunks.PackageSize}-byte package but the desired state says \"size\": {size}; nothing was downloaded: publish the package the desired state names"));
        if (desired.Sha256 is { } sha256 && offer.Chunks.PackageSha256 != sha256)
            throw new UpdateRejectedException(
                $"the offer on {topic} describes the package with SHA-256 {offer.Chunks.PackageSha256} but the desired state says \"sha256\": {sha256}; nothing was downloaded: publish the package the desired state names");
    }

    private void Preflight(ModelStore store, DesiredModel desired, long size)
    {
        if (size > _options.MaxPackageBytes)
            throw new UpdateRejectedException(string.Create(CultureInfo.InvariantCulture,
                $"the package of {desired.Id} is {size} bytes, more than Ota:MaxPackageBytes ({_options.MaxPackageBytes}); raise the limit if the model is meant to be this large"));
        var needed = 2 * size + _options.MinFreeBytes;
        if (DiskSpace.Read(store.Layout.Root) is { Free: var free } && free < needed)
            throw new InsufficientSpaceException(string.Create(CultureInfo.InvariantCulture,
                $"{desired.Id} needs {needed} bytes free on the model store's disk ({store.Layout.Root}: package, unpacked copy and Ota:MinFreeBytes), {free} are; free space or lower Ota:KeepPreviousVersions"));
    }

    private async Task<ModelOffer> ReadOfferAsync(DesiredModel desired, CancellationToken cancellationToken)
    {
        var topic = _link.Topics.ModelManifest(desired.Name, desired.Version);
        var received = new TaskCompletionSource<ModelOffer>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _link.SubscribeAsync(topic, (message, _) =>
        {
            if (message.Payload.IsEmpty) return Task.CompletedTask;
            try
            {
                received.TrySetResult(ModelOffer.Parse(message.Payload.Span));
            }
            catch (FormatException ex)
            {
                received.TrySetException(new UpdateRejectedException($"the offer on {topic} is unreadable: {ex.Message}", ex));
            }

            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            return await received.Task.WaitAsync(_options.StallTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no offer for {desired.Id} on {topic} within {_options.StallTimeout.TotalSeconds:0} s; publish it with ds-edge model publish");
        }
        finally
        {
            await _link.UnsubscribeAsync(topic, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
