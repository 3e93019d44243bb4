using DeepSeek.Edge.Agent.Gpio;
using DeepSeek.Edge.Pipelines.Pipeline;
using OpenCvSharp;

namespace DeepSeek.Edge.Agent.Cameras;

/// <summary>Feeds every processed frame's detections to the GPIO output rules.</summary>
internal sealed class GpioSink(GpioSignals signals) : IResultSink
{
    public ValueTask WriteAsync(PipelineResult result, Mat frame, CancellationToken cancellationToken)
    {
        signals.OnDetections(result.Camera, result.Output.Detections);
        return ValueTask.CompletedTask;
    }
}
