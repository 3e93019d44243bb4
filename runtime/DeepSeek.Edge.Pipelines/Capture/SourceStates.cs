namespace DeepSeek.Edge.Pipelines.Capture;

/// <summary>State names as logs and metrics spell them.</summary>
public static class SourceStates
{
    public static string Name(SourceState state) => state switch
    {
        SourceState.Starting => "starting",
        SourceState.Streaming => "streaming",
        SourceState.Stalled => "stalled",
        SourceState.Reconnecting => "reconnecting",
        SourceState.Failed => "failed",
        SourceState.Ended => "ended",
        _ => "stopped",
    };
}
