using System.Diagnostics.Metrics;

namespace DeepSeek.Edge.Inference.Telemetry;

/// <summary>The one Meter every component of DeepSeek.Edge records on (exporters subscribe to <see cref="Name"/>).</summary>
public static class EdgeMeter
{
    public const string Name = "DeepSeek.Edge";

    public static Meter Instance { get; } = new(Name, typeof(EdgeMeter).Assembly.GetName().Version?.ToString());
}
