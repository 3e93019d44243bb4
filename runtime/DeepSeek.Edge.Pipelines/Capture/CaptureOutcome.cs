namespace DeepSeek.Edge.Pipelines.Capture;

/// <summary>How a read (or a run of reads) ended.</summary>
internal enum CaptureOutcome
{
    Frame,
    EndOfStream,
    Stalled,
    Failed,
    Stopped,
}
