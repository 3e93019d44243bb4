using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Pipeline;

/// <summary>
/// Receives a camera's results (MQTT events, GPIO signals, files, streams). Called from the camera's output stage, in
/// frame order, one result at a time; a sink that is slow holds back only its own camera. An exception is logged and
/// counted, and the next result is still delivered.
/// </summary>
public interface IResultSink
{
    /// <param name="result">The frame's result.</param>
    /// <param name="frame">The BGR frame the result belongs to, valid only during the call: clone it to keep it.</param>
    /// <param name="cancellationToken">Cancelled when the camera stops and its sinks do not finish in time.</param>
    ValueTask WriteAsync(PipelineResult result, Mat frame, CancellationToken cancellationToken);
}
