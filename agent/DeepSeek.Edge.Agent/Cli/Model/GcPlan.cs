using DeepSeek.Edge.Models.Naming;
namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>Decides, without touching the broker, which published versions <c>ds-edge model gc</c> keeps and which it removes.</summary>
internal static class GcPlan
{
    /// <summary>One decision per offered version, newest first (order: <see cref="ModelVersionOrder"/>).</summary>
    public static IReadOnlyList<GcDecision> Decide(IReadOnlyList<OfferedVersion> offered, DesiredSelections selections, int keep)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(selections);
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        var byVersion = offered.ToDictionary(o => o.Version, StringComparer.Ordinal);
        var (newestFirst, _) = ModelVersionOrder.Sort(byVersion.Keys);
        return newestFirst
            .Select((version, rank) => new GcDecision(byVersion[version], rank < keep, selections.Selecting(byVersion[version].Name, version)))
            .ToArray();
    }
}
