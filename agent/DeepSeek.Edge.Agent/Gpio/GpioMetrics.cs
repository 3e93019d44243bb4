using System.Diagnostics.Metrics;
using DeepSeek.Edge.Inference.Telemetry;

namespace DeepSeek.Edge.Agent.Gpio;

/// <summary>Instruments of GPIO signals and triggers, tagged by pin (and state or camera).</summary>
internal static class GpioMetrics
{
    public static readonly Counter<long> OutputChanges =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.gpio.output.changes", "{change}", "GPIO output pin changes, by pin and new state (active, idle)");

    public static readonly Counter<long> Triggers =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.gpio.triggers", "{trigger}", "Debounced GPIO input edges that triggered a capture, by pin and camera");

    public static readonly Counter<long> Bounces =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.gpio.bounces", "{edge}", "GPIO input edges ignored as contact bounce, by pin");

    public static readonly Counter<long> Unanswered =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.gpio.triggers.unanswered", "{trigger}", "GPIO triggers that got no trigger event, by camera and reason (camera_not_running, too_many, no_frame)");
}
