using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;
using DeepSeek.Edge.Pipelines.Scheduling;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Swapping;

/// <summary>
/// Runs a freshly loaded model on a real frame, off the hot path, and checks that what it gives is usable: the same
/// task as the model it replaces, outputs whose shapes are whole and finite (no NaN or infinity), outputs the decoder
/// accepts (its shape checks), and finite results.
/// </summary>
internal static class ModelValidator
{
    public static void Validate(LoadedModel candidate, Mat image, ModelManifest current, bool allowTaskChange)
    {
        var id = candidate.Manifest.Id;
        if (!allowTaskChange && candidate.Manifest.Task != current.Task)
            throw new ModelValidationException(id, $"its task is {candidate.Manifest.Task} but {current.Id} does {current.Task}; a swap keeps the task (ModelHostOptions.AllowTaskChange)");

        var transform = candidate.Prepare(image);
        try
        {
            candidate.Engine.Run();
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelValidationException($"model {id}: the run on a real frame failed: {ex.Message}", ex);
        }

        foreach (var output in candidate.Engine.Outputs.All)
        {
            long size = 1;
            foreach (var d in output.Shape) size *= d;
            if (output.Shape.Any(d => d <= 0) || size != output.Span.Length)
                throw new ModelValidationException(id, $"output \"{output.Name}\" has shape [{string.Join(",", output.Shape)}] with {output.Span.Length} values");
        }

        if (!candidate.Engine.OutputsAreFinite())
            throw new ModelValidationException(id, "its outputs on a real frame contain NaN or infinity");

        DecodedOutput decoded;
        try
        {
            decoded = candidate.Decode(candidate.Manifest.Thresholds, transform);
        }
        catch (Exception ex) when (ex is ManifestException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or KeyNotFoundException)
        {
            throw new ModelValidationException($"model {id}: its outputs do not have the shapes its decoder ({candidate.DecoderKind}) expects: {ex.Message}", ex);
        }

        foreach (var d in decoded.Detections)
        {
            if (!float.IsFinite(d.Score) || !float.IsFinite(d.Box.X) || !float.IsFinite(d.Box.Y) || !float.IsFinite(d.Box.Width) || !float.IsFinite(d.Box.Height))
                throw new ModelValidationException(id, $"it gives a detection that is not finite: {d.Label} {d.Score} {d.Box}");
        }

        if (decoded.Classes.Any(c => !float.IsFinite(c.Score)) || (decoded.Embedding is { } e && Array.Exists(e, v => !float.IsFinite(v))))
            throw new ModelValidationException(id, "it gives scores or an embedding that are not finite");
    }
}
