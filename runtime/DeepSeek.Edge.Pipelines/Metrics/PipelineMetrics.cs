using System.Diagnostics.Metrics;
using DeepSeek.Edge.Inference.Telemetry;

namespace DeepSeek.Edge.Pipelines.Metrics;

/// <summary>Instruments of camera pipelines, on the one DeepSeek.Edge meter. Every instrument is tagged by camera.</summary>
internal static class PipelineMetrics
{
    public static readonly Counter<long> FramesCaptured = EdgeMeter.Instance.CreateCounter<long>(
        "dsedge.camera.frames.captured", "{frame}", "Frames read from the camera's source (frames in)");

    public static readonly Counter<long> FramesDecoded = EdgeMeter.Instance.CreateCounter<long>(
        "dsedge.camera.frames.decoded", "{frame}", "Captured frames read into pixels; the rest were passed over undecoded (grab without retrieve) because the camera would not infer them");

    public static readonly Counter<long> FramesProcessed = EdgeMeter.Instance.CreateCounter<long>(
        "dsedge.camera.frames.processed", "{frame}", "Frames inferred (frames out)");

    public static readonly Counter<long> FramesDropped = EdgeMeter.Instance.CreateCounter<long>(
        "dsedge.camera.frames.dropped", "{frame}", "Frames dropped, by reason: queue_full, sinks_behind, stopped, preprocess_error, inference_error");

    public static readonly Counter<long> FramesSkipped = EdgeMeter.Instance.CreateCounter<long>(
        "dsedge.camera.frames.skipped", "{frame}", "Frames not inferred because the camera infers every Nth frame");

    public static readonly Counter<long> Unreadable = EdgeMeter.Instance.CreateCounter<long>(
        "dsedge.camera.source.unreadable", "{item}", "Items of a source that could not be decoded and were skipped (a damaged image of a folder)");

    public static readonly Counter<long> StateChanges = EdgeMeter.Instance.CreateCounter<long>(
        "dsedge.camera.source.state_changes", "{change}", "Source state changes, by the state entered");

    public static readonly Counter<long> Reconnects = EdgeMeter.Instance.CreateCounter<long>(
        "dsedge.camera.source.reconnects", "{attempt}", "Attempts to reopen a source that failed or stalled");

    public static readonly Counter<long> Stalls = EdgeMeter.Instance.CreateCounter<long>(
        "dsedge.camera.source.stalls", "{stall}", "Reads that waited longer than the stall timeout");

    public static readonly Counter<long> DecoderExits = EdgeMeter.Instance.CreateCounter<long>(
        "dsedge.camera.source.decoder_exits", "{exit}", "Decoder processes (ffmpeg, gst-launch-1.0) that stopped unasked, by decoder and cause");

    public static readonly Histogram<double> StageDuration = EdgeMeter.Instance.CreateHistogram<double>(
        "dsedge.pipeline.stage.duration", "s", "Time per frame in each stage: capture, queue, preprocess, inference, decode, sinks");

    public static readonly Histogram<double> Latency = EdgeMeter.Instance.CreateHistogram<double>(
        "dsedge.pipeline.latency", "s", "End to end, from the start of the frame's read to the last sink");

    public static readonly Counter<long> Inferences = EdgeMeter.Instance.CreateCounter<long>(
        "dsedge.pipeline.inferences", "{inference}", "Frames inferred, by camera, model, version and execution provider");

    public static readonly Counter<long> SinkErrors = EdgeMeter.Instance.CreateCounter<long>(
        "dsedge.pipeline.sink.errors", "{error}", "Sink calls that threw, by camera and sink");

    public static readonly Counter<long> Swaps = EdgeMeter.Instance.CreateCounter<long>(
        "dsedge.model.swaps", "{swap}", "Model swaps, by model host and result: applied, failed_load, failed_validation, failed_apply");

    public static readonly ObservableGauge<int> SourceStateGauge = EdgeMeter.Instance.CreateObservableGauge(
        "dsedge.camera.source.state", CameraRegistry.ObserveStates, "{state}", "1 for the state each camera's source is in, 0 for the others");
}
