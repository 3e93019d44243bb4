using System.Text.Json;
using Dapper;
using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Fleet.Desired;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Fleet.Registry;

/// <summary>One registered model version, as the registry lists it; <c>dataset</c> and <c>parent</c>: its linked lineage (see <see cref="LineageLinks"/>).</summary>
public sealed record RegisteredModel(string Sha256, string Name, string Version, long Size, string SignerKeyId, string Precision, string Task,
    string? Lineage, string UploadedAt, string UploadedBy, long Devices, string? Dataset, string? Parent);

/// <summary>Why an upload was refused: the message names what was wrong with the package.</summary>
public sealed class PackageRefusedException(string message, int status = 422) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// The model registry: an uploaded package is verified exactly as a device verifies it (<see cref="PackageVerifier"/> with the
/// configured trusted keys) and stored content-addressed, <c>packages/&lt;sha256&gt;.zip</c>; one SHA-256 per name and version.
/// </summary>
public sealed class ModelRegistry(FleetOptions options, FleetDatabase database, TimeProvider time)
{
    private readonly Lazy<TrustedKeys?> _keys = new(() => options.TrustedKeys.Count == 0 ? null : TrustedKeys.Load(options.TrustedKeys));

    public string PathOf(string sha256) => Path.Combine(options.PackageDirectory, sha256 + ".zip");

    /// <summary>Verifies and stores an uploaded package (a temp file the registry then owns); returns the entry.</summary>
    public RegisteredModel Add(string uploadedFile, string actor)
    {
        var keys = _keys.Value ?? throw new PackageRefusedException("the console has no trusted keys (TrustedKeys in fleet.json): it cannot check a package as the devices will", 503);
        VerifiedPackage package;
        try
        {
            package = new PackageVerifier(keys).Verify(uploadedFile);
        }
        catch (Exception ex) when (ex is ModelIntegrityException or SignatureException or ManifestException or IOException)
        {
            File.Delete(uploadedFile);
            throw new PackageRefusedException($"package refused: {ex.Message}");
        }

        var m = package.Manifest;
        (string? Dataset, string? Parent) lineage;
        try
        {
            lineage = LineageLinks.Parse(m.Lineage);
        }
        catch (PackageRefusedException)
        {
            File.Delete(uploadedFile);
            throw;
        }

        using var db = database.Open();
        var existing = db.QuerySingleOrDefault<string?>("SELECT sha256 FROM models WHERE name = @Name AND version = @Version", new { m.Name, m.Version });
        if (existing is not null && existing != package.PackageSha256)
        {
            File.Delete(uploadedFile);
            throw new PackageRefusedException($"{m.Id} is registered already with another package (SHA-256 {existing}); a version is never replaced: give it a new version", 409);
        }

        Directory.CreateDirectory(options.PackageDirectory);
        var target = PathOf(package.PackageSha256);
        if (File.Exists(target)) File.Delete(uploadedFile);
        else File.Move(uploadedFile, target);
        if (existing is null)
        {
            var now = time.GetUtcNow();
            using var tx = db.BeginTransaction();
            db.Execute("""
                INSERT INTO models (sha256, name, version, size, signer_key_id, precision, task, lineage, quantization, uploaded_at, uploaded_by)
                VALUES (@sha, @name, @version, @size, @signer, @precision, @task, @lineage, @quantization, @at, @actor)
                """, new
            {
                sha = package.PackageSha256, name = m.Name, version = m.Version, size = package.PackageSize, signer = package.SignedBy.KeyId,
                precision = m.Precision.ToString().ToLowerInvariant(), task = m.Task.ToString().ToLowerInvariant(),
                lineage = m.Lineage?.GetRawText(), quantization = m.Quantization?.GetRawText(), at = Utc.Text(now), actor,
            }, tx);
            LineageLinks.Link(db, tx, m.Name, m.Version, lineage, now);
            AuditLog.Append(db, tx, now, actor, "model.upload", m.Id, null, JsonSerializer.Serialize(new { sha256 = package.PackageSha256, size = package.PackageSize }), package.PackageSha256);
            tx.Commit();
        }

        return Find(m.Name, m.Version)!;
    }

    public RegisteredModel? Find(string name, string version)
    {
        using var db = database.Open();
        return db.QuerySingleOrDefault<RegisteredModel>(Select + " WHERE m.name = @name AND m.version = @version", new { name, version });
    }

    public IReadOnlyList<RegisteredModel> List()
    {
        using var db = database.Open();
        return db.Query<RegisteredModel>(Select + " ORDER BY m.name, m.uploaded_at DESC").ToList();
    }

    private const string Select = """
        SELECT m.sha256, m.name, m.version, m.size, m.signer_key_id AS SignerKeyId, m.precision, m.task, m.lineage, m.uploaded_at AS UploadedAt,
               m.uploaded_by AS UploadedBy,
               (SELECT count(DISTINCT c.device) FROM device_cameras c WHERE c.model_name = m.name AND c.model_version = m.version) AS Devices,
               l.dataset AS Dataset, l.parent AS Parent
        FROM models m LEFT JOIN model_lineage l ON l.name = m.name AND l.version = m.version
        """;
}
