namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// The fate of one published version: kept when it is among the newest ones (<see cref="IsNewest"/>) or selected by a desired-state
/// document (<see cref="SelectedBy"/>), removed otherwise.
/// </summary>
internal sealed record GcDecision(OfferedVersion Offered, bool IsNewest, IReadOnlyList<string> SelectedBy)
{
    public bool Keep => IsNewest || SelectedBy.Count > 0;
}
