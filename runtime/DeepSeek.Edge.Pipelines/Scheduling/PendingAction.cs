namespace DeepSeek.Edge.Pipelines.Scheduling;

/// <summary>Work for a host's worker to do between two frames (a model switch, ending the profiler), or to give up when the host stops.</summary>
internal sealed class PendingAction(Action run, Action abandon)
{
    public void Run() => run();

    public void Abandon() => abandon();
}
