using Dapper;
using DeepSeek.Edge.Distribution;
using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Fleet.Mqtt;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Topics;

namespace DeepSeek.Edge.Fleet.Registry;

/// <summary>
/// Makes a registered version fetchable by devices: its retained chunks and offer over MQTT (the same publisher as
/// <c>ds-edge model publish</c>), once per version, and the desired-state entry that pins it by SHA-256 and size.
/// </summary>
public sealed class ModelDistributor(FleetOptions options, FleetDatabase database, FleetBroker broker, ModelRegistry registry, TimeProvider time)
{
    public async Task<DesiredModel> EnsurePublishedAsync(string name, string version, IReadOnlyList<string>? cameras, bool allowDowngrade, CancellationToken cancellationToken)
    {
        var model = registry.Find(name, version) ?? throw new PackageRefusedException($"{name}@{version} is not in the registry; upload it first (POST /api/models)", 404);
        using (var db = database.Open())
        {
            var published = db.ExecuteScalar<string?>("SELECT published_at FROM models WHERE sha256 = @sha", new { sha = model.Sha256 });
            if (published is null)
            {
                var path = registry.PathOf(model.Sha256);
                var offer = PublishOffer.Describe(path, options.ChunkSize, cancellationToken);
                await ChunkPublisher.PublishAsync(broker.Client, new MqttTopics(options.TopicPrefix, "fleet"), path, offer, null, cancellationToken).ConfigureAwait(false);
                db.Execute("UPDATE models SET published_at = @at WHERE sha256 = @sha", new { at = Utc.Text(time.GetUtcNow()), sha = model.Sha256 });
            }
        }

        return new DesiredModel(name, version, cameras, null, model.Sha256, model.Size) { AllowDowngrade = allowDowngrade };
    }
}
