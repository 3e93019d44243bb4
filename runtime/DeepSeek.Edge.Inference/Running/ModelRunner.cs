using System.Diagnostics;
using DeepSeek.Edge.Decoding;
using DeepSeek.Edge.Inference.Engine;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Vision.Preprocessing;
using Microsoft.Extensions.Logging;
using OpenCvSharp;

namespace DeepSeek.Edge.Inference.Running;

/// <summary>
/// A loaded model ready for frames: preprocess (into the engine's pinned input) -> run -> decode -> map back to
/// source pixels. Every stage is timed. One thread at a time; thresholds may be changed between frames.
/// </summary>
public sealed class ModelRunner : IDisposable
{
    private readonly FramePreprocessor _preprocessor;
    private readonly IOutputDecoder _decoder;

    private ModelRunner(InferenceEngine engine, IOutputDecoder decoder)
    {
        Engine = engine;
        _decoder = decoder;
        _preprocessor = new FramePreprocessor(engine.Manifest.Input);
        Thresholds = engine.Manifest.Thresholds;
    }

    public InferenceEngine Engine { get; }
    public ModelManifest Manifest => Engine.Manifest;

    /// <summary>Score and IoU thresholds applied from the next frame on (starts at the manifest's).</summary>
    public Thresholds Thresholds { get; set; }

    /// <summary>Verifies nothing itself: give it a bundle from <see cref="ModelBundle.Open"/>, which checked every file.</summary>
    public static ModelRunner Load(ModelBundle bundle, InferenceOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var decoder = DecoderFactory.Create(bundle.Manifest);
        var engine = InferenceEngine.Load(bundle, options, decoder.OutputNames, logger);
        try
        {
            // The warm-up outputs go through the decoder once, so a manifest whose decoder does not fit the
            // model's output shapes fails here, at load, naming the parameter, instead of on the first frame.
            decoder.Decode(engine.Outputs, bundle.Manifest.Thresholds);
            return new ModelRunner(engine, decoder);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    /// <summary>The decoder kind of this model, e.g. <c>ssd-anchors</c>.</summary>
    public string DecoderKind => _decoder.Kind;

    /// <summary>Runs one BGR frame (optionally a region of it); boxes come back in the frame's pixels.</summary>
    public FrameResult Run(Mat frame, Rect? roi = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var t0 = Stopwatch.GetTimestamp();
        var transform = Prepare(frame, roi);
        var t1 = Stopwatch.GetTimestamp();
        Engine.Run();
        var t2 = Stopwatch.GetTimestamp();
        var decoded = Decode(transform, Thresholds);
        var t3 = Stopwatch.GetTimestamp();
        return new FrameResult(decoded, new StageTimings(Ms(t0, t1), Ms(t1, t2), Ms(t2, t3)));
    }

    /// <summary>Stage 1: preprocesses a frame straight into the engine's pinned input.</summary>
    public FrameTransform Prepare(Mat frame, Rect? roi = null) => Manifest.Input.DataType == InputDataType.UInt8
        ? _preprocessor.Process(frame, roi, Engine.ByteInput)
        : _preprocessor.Process(frame, roi, Engine.FloatInput);

    /// <summary>Stage 3 (after <see cref="InferenceEngine.Run"/>): decodes the latest outputs and maps results to frame pixels.</summary>
    public DecodedOutput Decode(FrameTransform transform, Thresholds thresholds) => ToSource(_decoder.Decode(Engine.Outputs, thresholds), transform);

    public void Dispose()
    {
        _preprocessor.Dispose();
        Engine.Dispose();
    }

    private static DecodedOutput ToSource(DecodedOutput output, FrameTransform transform)
    {
        if (output.Detections.Count == 0) return output;
        var mapped = new Detection[output.Detections.Count];
        for (var i = 0; i < mapped.Length; i++) mapped[i] = transform.ToSource(output.Detections[i]);
        return output with { Detections = mapped };
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
