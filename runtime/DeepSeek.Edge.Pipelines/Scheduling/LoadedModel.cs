using DeepSeek.Edge.Inference;
using DeepSeek.Edge.Inference.Engine;
using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Inference.Running;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Pipelines.Frames;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Vision.Preprocessing;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Pipelines.Scheduling;

/// <summary>
/// A model ready to serve frames: the runtime's <see cref="ModelRunner"/> (engine with pinned buffers, decoder,
/// preprocessor) used stage by stage, since cameras preprocess on their own threads and the host runs and decodes.
/// One thread at a time.
/// </summary>
internal sealed class LoadedModel : IDisposable
{
    private LoadedModel(ModelRunner runner)
    {
        Runner = runner;
        Identity = new ModelIdentity(runner.Manifest.Name, runner.Manifest.Version, runner.Engine.Provider.Name());
    }

    public ModelRunner Runner { get; }
    public InferenceEngine Engine => Runner.Engine;
    public string DecoderKind => Runner.DecoderKind;
    public ModelIdentity Identity { get; }
    public ModelManifest Manifest => Runner.Manifest;
    public InputSpec Spec => Manifest.Input;

    public static LoadedModel Load(ModelBundle bundle, InferenceOptions options, ILogger logger) =>
        new(ModelRunner.Load(bundle, options, logger));

    /// <summary>Copies the frame's prepared tensor into the engine's pinned input.</summary>
    public void Feed(Frame frame)
    {
        if (Spec.DataType == InputDataType.UInt8) frame.ByteTensor.CopyTo(Engine.ByteInput);
        else frame.FloatTensor.CopyTo(Engine.FloatInput);
    }

    /// <summary>Preprocesses a whole image straight into the engine's input (validation).</summary>
    public FrameTransform Prepare(OpenCvSharp.Mat image) => Runner.Prepare(image);

    /// <summary>Decodes the latest run and maps results to frame pixels.</summary>
    public DecodedOutput Decode(Thresholds thresholds, FrameTransform transform) => Runner.Decode(transform, thresholds);

    public void Dispose() => Runner.Dispose();
}
