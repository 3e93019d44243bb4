using System.Globalization;

namespace DeepSeek.Edge.Agent.Configuration;

/// <summary>
/// One thread budget per device: the cores shared out among the configured cameras. Each camera's ONNX Runtime intra-op
/// pool gets <see cref="PerCamera"/> threads (cores / cameras, at least 1) and OpenCV's pool (one per process, used by
/// every camera's preprocessing) is set once to the same number, so M cameras do not each spin up a pool of every core.
/// <c>Agent:Inference:IntraOpThreads</c> above 0 sets the share instead; a camera's <c>Inference:IntraOpThreads</c> above 0 sets its own ORT pool.
/// </summary>
/// <param name="Cores">Cores the process may use (<see cref="Environment.ProcessorCount"/>, which follows container limits).</param>
/// <param name="Cameras">Configured cameras (disabled ones too: they may be enabled by command), at least 1.</param>
/// <param name="PerCamera">ORT intra-op threads per camera, and OpenCV's thread count.</param>
/// <param name="Configured">The share came from <c>Agent:Inference:IntraOpThreads</c> rather than from cores / cameras.</param>
public sealed record ThreadBudget(int Cores, int Cameras, int PerCamera, bool Configured)
{
    /// <summary>The budget for <paramref name="options"/> on a device of <paramref name="cores"/> cores.</summary>
    public static ThreadBudget For(AgentOptions options, int cores)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cameras = Math.Max(1, options.Cameras.Count);
        return options.Inference.IntraOpThreads is > 0 and var configured
            ? new ThreadBudget(cores, cameras, configured, Configured: true)
            : new ThreadBudget(cores, cameras, Math.Max(1, cores / cameras), Configured: false);
    }

    /// <summary>The budget on this device.</summary>
    public static ThreadBudget ForDevice(AgentOptions options) => For(options, Environment.ProcessorCount);

    /// <summary>ORT intra-op threads for a camera: its own <c>Inference:IntraOpThreads</c> when above 0, else the share.</summary>
    public int IntraOpThreadsFor(InferenceSettings camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        return camera.IntraOpThreads is > 0 and var own ? own : PerCamera;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Cores} cores, {Cameras} camera(s) -> {PerCamera} ORT intra-op thread(s) per camera, {PerCamera} OpenCV thread(s)") +
        (Configured ? " (set by Agent:Inference:IntraOpThreads)" : " (cores / cameras; set Agent:Inference:IntraOpThreads to override)");
}
