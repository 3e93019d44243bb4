using DeepSeek.Edge.Decoding;
using DeepSeek.Edge.Inference.Placement;
using DeepSeek.Edge.Inference.Precision;
using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Inference.Telemetry;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace DeepSeek.Edge.Inference.Engine;

/// <summary>
/// One ONNX Runtime session for one model, with its input buffer and output buffers allocated once and pinned,
/// bound through an IO binding: after warm-up a run allocates nothing managed. One thread at a time.
/// </summary>
public sealed class InferenceEngine : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtIoBinding _binding;
    private readonly OrtValue _input;
    private readonly float[]? _floatInput;
    private readonly byte[]? _byteInput;
    private readonly OutputSlot[] _slots;
    private readonly bool _hasUnboundOutputs;
    private readonly KeyValuePair<string, object?>[] _tags;

    private InferenceEngine(ModelBundle bundle, InferenceSession session, ExecutionProvider provider, IReadOnlyList<ProviderAttempt> attempts, bool ownsProfile)
    {
        Bundle = bundle;
        _session = session;
        Provider = provider;
        Attempts = attempts;
        var input = bundle.Manifest.Input;
        if (input.DataType == InputDataType.UInt8)
        {
            _byteInput = new byte[input.ElementCount];
            _input = OrtValue.CreateTensorValueFromMemory(_byteInput, input.Shape);
        }
        else
        {
            _floatInput = new float[input.ElementCount];
            _input = OrtValue.CreateTensorValueFromMemory(_floatInput, input.Shape);
        }

        _binding = session.CreateIoBinding();
        _binding.BindInput(input.Name, _input);
        _slots = WarmUpAndCreateSlots();
        if (ownsProfile) Placement = ReadPlacement(session.EndProfiling());
        foreach (var slot in _slots)
        {
            if (slot.Value is { } value) _binding.BindOutput(slot.Name, value);
            else _binding.BindOutputToDevice(slot.Name, OrtMemoryInfo.DefaultInstance);
        }

        _hasUnboundOutputs = _slots.Any(s => !s.IsBound);
        Outputs = new ModelOutputs(_slots.Select(s => s.Tensor).ToArray());
        _tags =
        [
            new("model", bundle.Manifest.Name),
            new("version", bundle.Manifest.Version),
            new("provider", provider.Name()),
        ];
    }

    public ModelBundle Bundle { get; }
    public ModelManifest Manifest => Bundle.Manifest;

    /// <summary>The provider that actually serves this model (the first of the chain that could be used).</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>Every provider tried, in order, with the reason for each one that could not be used.</summary>
    public IReadOnlyList<ProviderAttempt> Attempts { get; }

    /// <summary>Where ONNX Runtime put the nodes in the warm-up run; null while a user profile records (<see cref="InferenceOptions.ProfilePrefix"/>).</summary>
    public NodePlacement? Placement { get; }

    /// <summary>How the model was loaded: precision, chain, the dictionaries handed to ONNX Runtime, placement.</summary>
    public EngineSetup Setup { get; private set; } = null!;

    /// <summary>The input tensor for a float32 model: fill it, then call <see cref="Run"/>.</summary>
    public Span<float> FloatInput => _floatInput ?? throw new InvalidOperationException($"model {Manifest.Id} takes a uint8 input; use ByteInput");

    /// <summary>The input tensor for a uint8 model.</summary>
    public Span<byte> ByteInput => _byteInput ?? throw new InvalidOperationException($"model {Manifest.Id} takes a float32 input; use FloatInput");

    /// <summary>The outputs of the latest run (buffers reused by the next run).</summary>
    public ModelOutputs Outputs { get; }

    /// <summary>Output names in model order.</summary>
    public IReadOnlyList<string> OutputNames => _session.OutputNames;

    /// <summary>
    /// Loads a model: reads the graph's operators and holds the manifest's precision against them, walks the provider chain
    /// (TensorRT's flags from the precision), checks the manifest against the model, warms it up under ONNX Runtime's profiler
    /// and reads from that profile where each node ran.
    /// </summary>
    public static InferenceEngine Load(ModelBundle bundle, InferenceOptions options, IReadOnlyList<string> decoderOutputs, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(decoderOutputs);
        logger ??= NullLogger.Instance;
        var manifest = bundle.Manifest;
        try
        {
            var graph = ReadGraph(bundle);
            PrecisionCheck.Check(manifest, graph);
            var trt = options.Providers.Contains(ExecutionProvider.TensorRT) ? TensorRtPrecision.Resolve(manifest, options.TensorRt, graph) : null;
            var warnings = PrecisionWarnings.For(manifest, graph, options.Providers, logger);

            var plan = new SessionPlan(trt, options.ProfilePrefix ?? PlacementPrefix());
            var created = SessionFactory.Create(bundle, options, plan, logger);
            try
            {
                ModelContract.Check(manifest, created.Session, decoderOutputs);
                var engine = new InferenceEngine(bundle, created.Session, created.Provider, created.Attempts, ownsProfile: options.ProfilePrefix is null);
                engine.Setup = new EngineSetup(manifest.Precision, [.. options.Providers], options.Policy, created.Provider, options.Cpu.IntraOpThreads, trt,
                    created.ProviderOptions, created.SessionConfig, graph, engine.Placement, created.EngineCacheDirectory) { PrecisionWarnings = warnings };
                Report(engine, options, logger);
                return engine;
            }
            catch
            {
                created.Session.Dispose();
                throw;
            }
        }
        catch (Exception ex) when (ex is ModelFileException or ModelContractException or ProviderUnavailableException)
        {
            InferenceMetrics.ModelLoadFailures.Add(1, new("model", manifest.Name), new("reason", ex switch
            {
                ModelFileException => "model_file",
                ModelContractException => "contract",
                _ => "provider",
            }));
            throw;
        }
    }

    private static void Report(InferenceEngine engine, InferenceOptions options, ILogger logger)
    {
        var manifest = engine.Manifest;
        var setup = engine.Setup;
        InferenceMetrics.ModelLoads.Add(1, engine._tags);
        InferenceLog.ModelLoaded(logger, manifest.Id, engine.Provider.Name(), string.Join(",", options.Providers.Select(p => p.Name())),
            OrtEnv.Instance().GetVersionString(), manifest.Input.Name, string.Join("x", manifest.Input.Shape), manifest.Precision.ToString().ToLowerInvariant(),
            setup.TensorRt?.ToString() ?? "n/a", options.Policy.ToString().ToLowerInvariant());
        InferenceLog.Placement(logger, manifest.Id, setup.Placement?.ToString() ?? "not measured (a user profile is recording)");
        foreach (var (provider, settings) in setup.ProviderOptions)
            InferenceLog.ProviderOptions(logger, manifest.Id, provider, string.Join(" ", settings.Select(kv => $"{kv.Key}={kv.Value}")));
        if (engine.Provider == ExecutionProvider.Cpu && manifest.Precision != ModelPrecision.FP32) CpuPrecisionNote.LogOnce(logger, manifest, setup.Graph);
        foreach (var slot in engine._slots.Where(s => !s.IsBound)) InferenceLog.DynamicOutput(logger, manifest.Id, slot.Name);
    }

    private static GraphPrecision ReadGraph(ModelBundle bundle)
    {
        try
        {
            return GraphPrecision.Of(bundle.ModelPath);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new ModelFileException(bundle.Manifest.Id, bundle.ModelPath, ex.Message, ex);
        }
    }

    private static string PlacementPrefix()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ds-edge-placement");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, Guid.NewGuid().ToString("N"));
    }

    private static NodePlacement ReadPlacement(string trace)
    {
        try
        {
            return PlacementProfile.Read(trace);
        }
        finally
        {
            File.Delete(trace);
        }
    }

    /// <summary>Runs the model on the current input; results are in <see cref="Outputs"/>.</summary>
    public void Run()
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            _session.RunWithBinding(_runOptions, _binding);
            if (_hasUnboundOutputs) CopyUnboundOutputs();
        }
        catch (OnnxRuntimeException)
        {
            InferenceMetrics.InferenceErrors.Add(1, _tags.AsSpan());
            throw;
        }

        InferenceMetrics.InferenceDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds, _tags.AsSpan());
    }

    /// <summary>True when every output value of the latest run is finite (no NaN or infinity): a sanity check for new models.</summary>
    public bool OutputsAreFinite()
    {
        foreach (var slot in _slots)
        {
            foreach (var v in slot.Tensor.Span)
            {
                if (!float.IsFinite(v)) return false;
            }
        }

        return true;
    }

    /// <summary>Stops ONNX Runtime's profiler (when enabled) and returns the trace file path.</summary>
    public string EndProfiling() => _session.EndProfiling();

    public void Dispose()
    {
        _binding.Dispose();
        foreach (var slot in _slots) slot.Dispose();
        _input.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }

    private OutputSlot[] WarmUpAndCreateSlots()
    {
        var names = _session.OutputNames;
        using var warmup = _session.CreateIoBinding();
        warmup.BindInput(Manifest.Input.Name, _input);
        foreach (var name in names) warmup.BindOutputToDevice(name, OrtMemoryInfo.DefaultInstance);
        _session.RunWithBinding(_runOptions, warmup);
        using var values = warmup.GetOutputValues();
        var slots = new OutputSlot[names.Count];
        var i = 0;
        foreach (var value in values)
        {
            var shape = value.GetTensorTypeAndShape().Shape.Select(d => checked((int)d)).ToArray();
            slots[i] = OutputSlot.Create(names[i], _session.OutputMetadata[names[i]], shape);
            slots[i].CopyFrom(value);
            i++;
        }

        return slots;
    }

    private void CopyUnboundOutputs()
    {
        using var values = _binding.GetOutputValues();
        var i = 0;
        foreach (var value in values)
        {
            if (!_slots[i].IsBound) _slots[i].CopyFrom(value);
            i++;
        }
    }
}
