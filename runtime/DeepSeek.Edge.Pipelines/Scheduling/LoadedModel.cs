using DeepSeek.Edge.Decoding;
using DeepSeek.Edge.Inference;
using DeepSeek.Edge.Inference.Engine;
using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Pipelines.Frames;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Vision.Preprocessing;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Pipelines.Scheduling;

/// <summary>
/// A model ready to serve frames: its engine (one ONNX Runtime session with pinned buffers), its decoder and a
/// preprocessor for validation on a real frame. One thread at a time.
/// </summary>
internal sealed class LoadedModel : IDisposable
{
    private LoadedModel(InferenceEngine engine, IOutputDecoder decoder)
    {
        Engine = engine;
        Decoder = decoder;
        Preprocessor = new FramePreprocessor(engine.Manifest.Input);
        Identity = new ModelIdentity(engine.Manifest.Name, engine.Manifest.Version, engine.Provider.Name());
    }

    public InferenceEngine Engine { get; }
    public IOutputDecoder Decoder { get; }
    public FramePreprocessor Preprocessor { get; }
    public ModelIdentity Identity { get; }
    public ModelManifest Manifest => Engine.Manifest;
    public InputSpec Spec => Engine.Manifest.Input;

    public static LoadedModel Load(ModelBundle bundle, InferenceOptions options, ILogger logger)
    {
        var decoder = DecoderFactory.Create(bundle.Manifest);
        var engine = InferenceEngine.Load(bundle, options, decoder.OutputNames, logger);
        try
        {
            return new LoadedModel(engine, decoder);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    /// <summary>Copies the frame's prepared tensor into the engine's pinned input.</summary>
    public void Feed(Frame frame)
    {
        if (Spec.DataType == InputDataType.UInt8) frame.ByteTensor.CopyTo(Engine.ByteInput);
        else frame.FloatTensor.CopyTo(Engine.FloatInput);
    }

    /// <summary>Preprocesses a whole image straight into the engine's input (validation).</summary>
    public FrameTransform Prepare(OpenCvSharp.Mat image) => Spec.DataType == InputDataType.UInt8
        ? Preprocessor.Process(image, null, Engine.ByteInput)
        : Preprocessor.Process(image, null, Engine.FloatInput);

    /// <summary>Decodes the latest run and maps results to frame pixels.</summary>
    public DecodedOutput Decode(Thresholds thresholds, FrameTransform transform)
    {
        var output = Decoder.Decode(Engine.Outputs, thresholds);
        if (output.Detections.Count == 0) return output;
        var mapped = new Detection[output.Detections.Count];
        for (var i = 0; i < mapped.Length; i++) mapped[i] = transform.ToSource(output.Detections[i]);
        return output with { Detections = mapped };
    }

    public void Dispose()
    {
        Preprocessor.Dispose();
        Engine.Dispose();
    }
}
