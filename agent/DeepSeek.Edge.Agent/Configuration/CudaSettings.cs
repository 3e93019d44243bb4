using System.Globalization;
using DeepSeek.Edge.Inference.Providers;

namespace DeepSeek.Edge.Agent.Configuration;

/// <summary>CUDA settings of an <c>Inference</c> section; each null key is taken from the level above.</summary>
public sealed class CudaSettings
{
    /// <summary>GPU ordinal (default 0).</summary>
    public int? DeviceId { get; set; }

    /// <summary>Limit of CUDA's memory arena in MiB; unset or 0 is no limit.</summary>
    public int? MemoryLimitMb { get; set; }

    /// <summary>cuDNN convolution algorithm search: EXHAUSTIVE (ONNX Runtime's default), HEURISTIC or DEFAULT.</summary>
    public string? ConvAlgoSearch { get; set; }

    internal static void Apply(CudaSettings agent, CudaSettings camera, CudaOptions target)
    {
        target.DeviceId = camera.DeviceId ?? agent.DeviceId ?? 0;
        target.MemoryLimitBytes = (camera.MemoryLimitMb ?? agent.MemoryLimitMb ?? 0) * (1L << 20);
        target.ConvAlgoSearch = (camera.ConvAlgoSearch ?? agent.ConvAlgoSearch)?.ToUpperInvariant();
    }

    public IReadOnlyList<string> Validate(string key)
    {
        var errors = new List<string>();
        void Add(string option, string message) => errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:{option}: {message}"));
        if (DeviceId < 0) Add("DeviceId", $"{DeviceId} must not be negative");
        if (MemoryLimitMb < 0) Add("MemoryLimitMb", $"{MemoryLimitMb} must not be negative; 0 is no limit");
        if (ConvAlgoSearch is { } s && !CudaOptions.ConvAlgoSearchValues.Contains(s.ToUpperInvariant()))
            Add("ConvAlgoSearch", $"\"{s}\" is not known; use {string.Join(", ", CudaOptions.ConvAlgoSearchValues)}");
        return errors;
    }
}
