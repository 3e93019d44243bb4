namespace DeepSeek.Edge.FleetBench;

/// <summary>One ingest run's figures.</summary>
internal sealed record IngestResult(
    string Target, int Messages, int Devices, double TargetRate, double PublishRate, double SustainedRate, double OverallRate,
    double CommitP50, double CommitP99, double ReceiveP50, double ReceiveP99, long Stored, long Missing, long Duplicates, long DeadLetters,
    long PeakRssBytes, long PeakManagedBytes, double AllocatedBytesPerMessage, double CpuMicrosecondsPerMessage, double MessagesPerBatch, IReadOnlyList<long> StoredByReplica);
