namespace DeepSeek.Edge.Pipelines.Capture;

/// <summary>A snapshot of a camera's source health.</summary>
/// <param name="Camera">The camera's name.</param>
/// <param name="Source">The source URI as logs show it (no credentials).</param>
/// <param name="State">The current state.</param>
/// <param name="Since">When the source entered <paramref name="State"/>.</param>
/// <param name="Detail">Why (the last error, the stall), or null.</param>
/// <param name="Reconnects">Reopen attempts since the camera started.</param>
/// <param name="Stalls">Times the source stalled since the camera started.</param>
public sealed record SourceHealth(string Camera, string Source, SourceState State, DateTimeOffset Since, string? Detail, long Reconnects, long Stalls);
