using DeepSeek.Edge.Pipelines.Pipeline;

namespace DeepSeek.Edge.Pipelines.Swapping;

/// <summary>The outcome of <see cref="Scheduling.ModelHost.SwapAsync"/>.</summary>
/// <param name="Succeeded">Whether the new model now serves every frame.</param>
/// <param name="Previous">The model before the swap.</param>
/// <param name="Current">The model serving frames after the call: the new one, or <paramref name="Previous"/> when it failed.</param>
/// <param name="Requested">The new model as <c>name@version</c>.</param>
/// <param name="FailedAt">The step that failed, or null.</param>
/// <param name="Error">Why it failed, or null.</param>
/// <param name="LoadTime">Loading and warming up the new model.</param>
/// <param name="ValidationTime">Running it on a real frame and checking its outputs.</param>
/// <param name="ValidatedOn">The frame it was validated on (camera and frame id), or null.</param>
public sealed record SwapResult(
    bool Succeeded,
    ModelIdentity Previous,
    ModelIdentity Current,
    string Requested,
    SwapStage? FailedAt,
    string? Error,
    TimeSpan LoadTime,
    TimeSpan ValidationTime,
    string? ValidatedOn);
