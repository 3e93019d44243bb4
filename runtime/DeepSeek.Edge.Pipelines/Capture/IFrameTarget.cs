using DeepSeek.Edge.Pipelines.Frames;

namespace DeepSeek.Edge.Pipelines.Capture;

/// <summary>Where a capture loop hands its frames.</summary>
internal interface IFrameTarget
{
    /// <summary>
    /// Whether the frame with this id will be inferred (asked before it is read, so a frame the model will not see is
    /// passed over without decoding; see <see cref="Sources.IFrameSource.Pass"/>). A true answer is kept to: a pending
    /// inference request is taken by it.
    /// </summary>
    bool Wants(long frameId);

    /// <summary>Takes ownership of a frame that <see cref="Wants"/> declined (its pixels are not that frame's): counted as skipped, back to the pool.</summary>
    void Skip(Frame frame);

    /// <summary>Takes ownership of a captured frame: queues it for inference, or drops it (counted).</summary>
    void Publish(Frame frame);

    /// <summary>No more frames will come.</summary>
    void Complete();
}
