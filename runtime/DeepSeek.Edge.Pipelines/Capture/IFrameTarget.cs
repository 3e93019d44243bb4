using DeepSeek.Edge.Pipelines.Frames;

namespace DeepSeek.Edge.Pipelines.Capture;

/// <summary>Where a capture loop hands its frames.</summary>
internal interface IFrameTarget
{
    /// <summary>Takes ownership of a captured frame: queues it for inference, or skips or drops it (counted).</summary>
    void Publish(Frame frame);

    /// <summary>No more frames will come.</summary>
    void Complete();
}
