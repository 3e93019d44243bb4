using DeepSeek.Edge.Agent.Hosting;
using System.Globalization;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>The disk-backed store-and-forward queue (configuration section <c>Outbox</c>). Every default lives here.</summary>
public sealed class OutboxOptions : ISelfValidatingOptions
{
    public const string SectionName = "Outbox";

    /// <summary>Largest single record (topic + payload + 28 bytes of framing).</summary>
    public const int MaxRecordBytes = 64 * 1024 * 1024;

    /// <summary>Directory of the segment files, the sequence file and the lock; one agent per directory.</summary>
    public string Directory { get; set; } = "/var/lib/deepseek-edge/outbox";

    /// <summary>Bound on the queued records' bytes. Disk use stays below this plus one segment per priority.</summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Bound on the queued captures' bytes, inside <see cref="MaxBytes"/>: the oldest captures make room for a new one, and a
    /// full outbox drops captures before anything else, so captures never push out telemetry, events or alerts.
    /// Null (the default): a quarter of <see cref="MaxBytes"/>.
    /// </summary>
    public long? CaptureMaxBytes { get; set; }

    /// <summary><see cref="CaptureMaxBytes"/>, or its default.</summary>
    public long CaptureBudget => CaptureMaxBytes ?? MaxBytes / 4;

    /// <summary>
    /// Free space (statvfs) the outbox leaves on its file system: telemetry is not stored below this, events not below half of
    /// it, alerts as long as they fit; lower priorities' oldest segments are dropped first to store a higher one.
    /// </summary>
    public long MinFreeBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Size at which a new segment file is started; fully delivered segments are deleted.</summary>
    public long SegmentBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>How often written records are forced to disk (fsync). Zero: after every record.</summary>
    public TimeSpan FsyncInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Records of this priority and above are forced to disk before <see cref="Outbox.Enqueue"/> returns.</summary>
    public OutboxPriority FsyncImmediatelyFrom { get; set; } = OutboxPriority.Event;

    /// <summary>Sequence numbers reserved on disk at a time (one fsync per lease). At most this many are skipped after a crash.</summary>
    public int SequenceLease { get; set; } = 4096;

    /// <summary>QoS 1 publishes in flight while draining (also capped by the broker's receive maximum).</summary>
    public int MaxInFlight { get; set; } = 16;

    /// <summary>Pause before sending again after the broker refused a message it may take later (quota, not authorized...).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The pause doubles while the broker keeps refusing, up to this.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every problem, each naming its key, e.g. <c>Outbox:MaxBytes: 10 is too small; use at least 65536</c>.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Add(string key, string message) => errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{key}: {message}"));

        if (string.IsNullOrWhiteSpace(Directory)) Add("Directory", "is empty");
        if (MaxBytes < 64 * 1024) Add("MaxBytes", $"{MaxBytes} is too small; use at least 65536");
        if (CaptureMaxBytes is < 0 || CaptureMaxBytes > MaxBytes)
            Add("CaptureMaxBytes", $"{CaptureMaxBytes} is out of range; use 0 (no captures kept) up to Outbox:MaxBytes ({MaxBytes})");
        if (SegmentBytes < 4096 || SegmentBytes > MaxBytes)
            Add("SegmentBytes", $"{SegmentBytes} is out of range; use 4096 up to Outbox:MaxBytes ({MaxBytes})");
        if (FsyncInterval < TimeSpan.Zero || FsyncInterval > TimeSpan.FromMinutes(1))
            Add("FsyncInterval", $"{FsyncInterval} is out of range; use 00:00:00 (every record) to 00:01:00");
        if (!Enum.IsDefined(FsyncImmediatelyFrom))
            Add("FsyncImmediatelyFrom", $"{FsyncImmediatelyFrom} is not a priority; use Capture, Telemetry, Event or Alert");
        if (SequenceLease is < 1 or > 1_000_000) Add("SequenceLease", $"{SequenceLease} is out of range; use 1-1000000");
        if (MaxInFlight is < 1 or > 1024) Add("MaxInFlight", $"{MaxInFlight} is out of range; use 1-1024");
        if (RetryDelay <= TimeSpan.Zero) Add("RetryDelay", $"{RetryDelay} must be positive");
        if (RetryMaxDelay < RetryDelay) Add("RetryMaxDelay", $"{RetryMaxDelay} is below Outbox:RetryDelay ({RetryDelay})");
        if (MinFreeBytes < 0) Add("MinFreeBytes", $"{MinFreeBytes} is negative; use 0 (only a failed write stops storing) or more");
        return errors;
    }
}
