using System.Globalization;
using DeepSeek.Edge.Agent.Cameras;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// The verdict of a new model's health window against the old model's baseline: frames per second not below
/// <see cref="OtaOptions.MinFpsRatio"/> of the old model's, no more than <see cref="OtaOptions.MaxInferenceErrors"/> lost frames,
/// and (when <see cref="OtaOptions.MinDetectionRatio"/> is set) no collapse of detections per frame.
/// </summary>
public static class HealthCheck
{
    /// <summary>The rates measured over one window: frames per second, detections per frame, and frames lost to errors.</summary>
    public sealed record Rates(double Fps, double DetectionsPerFrame, long Errors, long Frames)
    {
        /// <summary>The rates between two readings; the time between them is measured on <paramref name="time"/>'s monotonic clock.</summary>
        public static Rates Between(CameraSample start, CameraSample end, TimeProvider time)
        {
            ArgumentNullException.ThrowIfNull(start);
            ArgumentNullException.ThrowIfNull(end);
            ArgumentNullException.ThrowIfNull(time);
            var seconds = Math.Max(1e-3, time.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds);
            var frames = end.Frames - start.Frames;
            var detections = end.Detections - start.Detections;
            return new Rates(frames / seconds, frames == 0 ? 0 : detections / (double)frames, end.Errors - start.Errors, frames);
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Fps:0.0} fps, {DetectionsPerFrame:0.00} detections/frame, {Errors} errors over {Frames} frames");
    }

    /// <summary>Null when the new model is healthy, else why not (for the log and the reported state).</summary>
    public static string? Failure(Rates baseline, Rates window, OtaOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(options);
        if (window.Errors > options.MaxInferenceErrors)
            return string.Create(CultureInfo.InvariantCulture, $"{window.Errors} frames failed preprocessing or inference in the health window (at most {options.MaxInferenceErrors} allowed)");
        if (options.MinFpsRatio > 0 && baseline.Fps > 0 && window.Fps < baseline.Fps * options.MinFpsRatio)
            return string.Create(CultureInfo.InvariantCulture, $"{window.Fps:0.0} fps is below {options.MinFpsRatio:P0} of the previous model's {baseline.Fps:0.0} fps");
        if (options.MinDetectionRatio is { } ratio && baseline.DetectionsPerFrame > 0 && window.DetectionsPerFrame < baseline.DetectionsPerFrame * ratio)
            return string.Create(CultureInfo.InvariantCulture,
                $"detections collapsed: {window.DetectionsPerFrame:0.000} per frame against {baseline.DetectionsPerFrame:0.000} for the previous model (at least {ratio:P0} required)");
        return null;
    }
}
