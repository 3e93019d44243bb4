using DeepSeek.Edge.Pipelines.Pipeline;

namespace DeepSeek.Edge.Pipelines.Profiling;

/// <summary>What <c>ds-edge profile</c> measured on one camera's real pipeline.</summary>
/// <param name="Camera">The camera profiled.</param>
/// <param name="Source">Its source.</param>
/// <param name="Model">The model that served it.</param>
/// <param name="Seconds">Wall time of the run.</param>
/// <param name="Counters">Frames captured, processed, dropped, skipped.</param>
/// <param name="FpsIn">Frames captured per second.</param>
/// <param name="FpsOut">Frames processed per second.</param>
/// <param name="Stages">Time per frame in each stage.</param>
/// <param name="EndToEnd">From the start of a frame's read to its last sink.</param>
/// <param name="Process">CPU and memory of the process.</param>
/// <param name="Operators">Top operators by kernel time (ONNX Runtime profiler), or empty.</param>
/// <param name="OrtTrace">The ONNX Runtime trace file, or null.</param>
public sealed record ProfileReport(
    string Camera,
    string Source,
    ModelIdentity Model,
    double Seconds,
    CameraCounters Counters,
    double FpsIn,
    double FpsOut,
    IReadOnlyList<StageProfile> Stages,
    StageProfile EndToEnd,
    ProcessUsage Process,
    IReadOnlyList<OperatorTime> Operators,
    string? OrtTrace);
