namespace DeepSeek.Edge.Fleet.Configuration;

/// <summary>The console's configuration (<c>fleet.json</c>, every key optional): defaults that work on one box.</summary>
public sealed class FleetOptions
{
    /// <summary>Where the database, the package store and the first admin's password live.</summary>
    public string DataDirectory { get; set; } = "/var/lib/deepseek-edge-fleet";

    /// <summary>
    /// Empty: a SQLite file <c>fleet.db</c> in the data directory. A SQLite connection string (<c>Data Source=…</c>), or PostgreSQL:
    /// a <c>postgres://USER:PASSWORD@HOST:PORT/DATABASE</c> URL or an Npgsql connection string (<c>Host=…;Database=…</c>).
    /// </summary>
    public string? Database { get; set; }

    /// <summary>The HTTP listen address of the API and the UI.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8090";

    /// <summary><c>HOST</c>, <c>HOST:PORT</c>, or <c>embedded</c> (an in-process MQTT broker on <see cref="EmbeddedBrokerPort"/>, for one box).</summary>
    public string Broker { get; set; } = "127.0.0.1:1883";

    public int EmbeddedBrokerPort { get; set; } = 1883;

    public string? BrokerUsername { get; set; }

    public string? BrokerPasswordFile { get; set; }

    /// <summary>The topic prefix the devices use (<c>Mqtt:TopicPrefix</c> in their agent.json).</summary>
    public string TopicPrefix { get; set; } = "dsedge";

    /// <summary>The shared-subscription group replicas split telemetry and events in (<c>$share/&lt;group&gt;/…</c>).</summary>
    public string ShareGroup { get; set; } = "ds-fleet";

    /// <summary>This replica's MQTT client id (unique per replica); empty: <c>ds-fleet-&lt;host&gt;</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>Public keys (PEM files or directories) that uploaded packages must be signed by: the devices' trust store.</summary>
    public List<string> TrustedKeys { get; set; } = [];

    /// <summary>A device with no message for this long is shown offline even without its last will.</summary>
    public double OfflineAfterSeconds { get; set; } = 90;

    /// <summary>Chunk size for packages published over MQTT.</summary>
    public int ChunkSize { get; set; } = 256 * 1024;

    /// <summary>How often the rollout controller and the desired-state reconciler run.</summary>
    public double TickSeconds { get; set; } = 2;

    /// <summary>A file holding the first admin's password; empty: one is generated and printed once.</summary>
    public string? AdminPasswordFile { get; set; }

    public RetentionOptions Retention { get; set; } = new();

    public string DatabaseConnectionString =>
        string.IsNullOrWhiteSpace(Database) ? $"Data Source={Path.Combine(DataDirectory, "fleet.db")}" : Database;

    public string PackageDirectory => Path.Combine(DataDirectory, "packages");

    public string EffectiveClientId => string.IsNullOrWhiteSpace(ClientId) ? "ds-fleet-" + Environment.MachineName : ClientId;
}

/// <summary>How long history is kept (days, by the device's time stamp; dead letters by arrival) and how the leader deletes it.</summary>
public sealed class RetentionOptions
{
    /// <summary>Raw telemetry: one row per sample and camera.</summary>
    public double RawDays { get; set; } = 7;

    /// <summary>1-minute rollups (the device page's charts).</summary>
    public double MinuteDays { get; set; } = 30;

    /// <summary>1-hour rollups.</summary>
    public double HourDays { get; set; } = 400;

    /// <summary>Detection and trigger events, with their snapshots.</summary>
    public double EventDays { get; set; } = 30;

    public double DeadLetterDays { get; set; } = 30;

    /// <summary>Captures (metadata, detections and image files) by the device's time stamp; a capture in a dataset export that a model's lineage names is kept.</summary>
    public double CaptureDays { get; set; } = 90;

    /// <summary>The most capture image bytes kept: past it the oldest captures go first (those that trained a model stay). 0: no limit.</summary>
    public double CaptureGigabytes { get; set; } = 50;

    /// <summary>Dataset export records that no model's lineage names.</summary>
    public double ExportDays { get; set; } = 365;

    /// <summary>How often the leader sweeps.</summary>
    public double IntervalMinutes { get; set; } = 10;

    /// <summary>Rows per delete: each batch is its own short transaction, so ingest writes between them.</summary>
    public int BatchSize { get; set; } = 2000;
}
