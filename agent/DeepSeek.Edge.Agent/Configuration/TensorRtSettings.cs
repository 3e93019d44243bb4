using System.Globalization;
using DeepSeek.Edge.Inference.Providers;

namespace DeepSeek.Edge.Agent.Configuration;

/// <summary>TensorRT settings of an <c>Inference</c> section; each null key is taken from the level above (camera → agent → default).</summary>
public sealed class TensorRtSettings
{
    public const int MaxBuilderLevel = 5;

    /// <summary>FP16 kernels; unset follows the model's precision (on for fp16 and int8, off for fp32).</summary>
    public bool? Fp16 { get; set; }

    /// <summary>INT8 from the graph's Q/DQ nodes (no calibration table); unset follows the precision. True on a graph without Q/DQ nodes is refused at load.</summary>
    public bool? Int8 { get; set; }

    /// <summary>Builder workspace in MiB (default 1024).</summary>
    public int? WorkspaceMb { get; set; }

    /// <summary>Jetson DLA core (0 or 1 on Xavier and Orin); unset builds for the GPU.</summary>
    public int? DlaCore { get; set; }

    /// <summary>Builder optimisation level 0-5 (TensorRT's default 3): higher builds longer for a faster engine.</summary>
    public int? BuilderOptimizationLevel { get; set; }

    /// <summary>Keep TensorRT's timing cache next to the engines (default true).</summary>
    public bool? TimingCache { get; set; }

    /// <summary>GPU ordinal (default 0).</summary>
    public int? DeviceId { get; set; }

    internal static void Apply(TensorRtSettings agent, TensorRtSettings camera, TensorRtOptions target)
    {
        target.Fp16 = camera.Fp16 ?? agent.Fp16;
        target.Int8 = camera.Int8 ?? agent.Int8;
        if ((camera.WorkspaceMb ?? agent.WorkspaceMb) is { } mb) target.WorkspaceBytes = mb * (1L << 20);
        target.DlaCore = camera.DlaCore ?? agent.DlaCore;
        target.BuilderOptimizationLevel = camera.BuilderOptimizationLevel ?? agent.BuilderOptimizationLevel;
        target.TimingCache = camera.TimingCache ?? agent.TimingCache ?? true;
        target.DeviceId = camera.DeviceId ?? agent.DeviceId ?? 0;
    }

    public IReadOnlyList<string> Validate(string key)
    {
        var errors = new List<string>();
        void Add(string option, string message) => errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:{option}: {message}"));
        if (WorkspaceMb is < 16 or > 1 << 20) Add("WorkspaceMb", $"{WorkspaceMb} is out of range; use 16-1048576 MiB (e.g. 1024)");
        if (DlaCore is < 0 or > 7) Add("DlaCore", $"{DlaCore} is out of range; Jetson Xavier and Orin have DLA cores 0 and 1; leave it out to build for the GPU");
        if (BuilderOptimizationLevel is < 0 or > MaxBuilderLevel) Add("BuilderOptimizationLevel", $"{BuilderOptimizationLevel} is out of range; use 0-{MaxBuilderLevel} (TensorRT's default is 3)");
        if (DeviceId < 0) Add("DeviceId", $"{DeviceId} must not be negative");
        return errors;
    }
}
