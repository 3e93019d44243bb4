namespace DeepSeek.Edge.Pipelines.Pipeline;

/// <summary>
/// A camera's frame counts since it started. Every captured frame is accounted for: Captured = Skipped + Dropped +
/// Delivered + frames still in flight; Processed (inferred) = Delivered + those dropped because the sinks fell behind.
/// </summary>
/// <param name="Captured">Frames read from the source (frames in).</param>
/// <param name="Skipped">Frames not inferred (infer every Nth frame).</param>
/// <param name="Processed">Frames inferred (frames out).</param>
/// <param name="Delivered">Results every sink has been called with.</param>
/// <param name="Dropped">Frames dropped, all reasons.</param>
/// <param name="DroppedByReason">Frames dropped by reason (see <see cref="Metrics.DropReasons"/>); reasons with none are left out.</param>
/// <param name="Decoded">Captured frames read into pixels; Captured − Decoded were passed over without decoding (grab without retrieve) because they would be skipped.</param>
/// <param name="Unreadable">Items of the source that could not be decoded and were passed over (never captured), e.g. a damaged image of a folder.</param>
public sealed record CameraCounters(long Captured, long Skipped, long Processed, long Delivered, long Dropped, IReadOnlyDictionary<string, long> DroppedByReason, long Decoded, long Unreadable);
