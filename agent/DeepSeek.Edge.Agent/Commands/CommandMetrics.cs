using System.Diagnostics.Metrics;
using DeepSeek.Edge.Inference.Telemetry;

namespace DeepSeek.Edge.Agent.Commands;

internal static class CommandMetrics
{
    public static readonly Counter<long> Failed =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.commands.failed", "{command}", "Commands answered with ok=false (unknown verb or argument, bad value, failed action), by verb (unknown for a verb the agent does not know)");

    public static void CountFailure(string verb) =>
        Failed.Add(1, new KeyValuePair<string, object?>("verb", CommandDispatcher.Verbs.Contains(verb) ? verb : "unknown"));
}
