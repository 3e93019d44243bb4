using System.Text.RegularExpressions;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>docs/grafana/ds-fleet.json queries only what the console's /metrics exports, and is valid dashboard JSON.</summary>
public sealed partial class DashboardTests
{
    [Fact]
    public async Task FleetDashboard_QueriesOnlyMetricsTheConsoleExports()
    {
        var path = Path.Combine(TestAssets.RepoRoot, "docs", "grafana", "ds-fleet.json");
        using var dashboard = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var queried = MetricName().Matches(await File.ReadAllTextAsync(path)).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(dashboard.RootElement.GetProperty("panels").GetArrayLength() >= 10, "the dashboard has its panels");
        Assert.Contains("ds_fleet_rollouts", queried);

        await using var console = await FleetConsole.StartAsync(broker: null);
        var exported = await console.Http.GetStringAsync("/metrics");

        // Every family the dashboard queries is exported from the start (counters at zero: a panel must not be empty for want
        // of a first event; the device gauges have series once devices exist).
        var missing = queried.Where(name => !exported.Contains($"# TYPE {name} ", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "not exported: " + string.Join(", ", missing));
        Assert.Contains("ds_fleet_rollouts{state=\"running\"} 0", exported, StringComparison.Ordinal);
        Assert.Contains("ds_fleet_rollout_devices{state=\"healthy\"} 0", exported, StringComparison.Ordinal);
        Assert.Contains("ds_fleet_ingest_messages_total{outcome=\"deadletter\"} 0", exported, StringComparison.Ordinal);
    }

    [GeneratedRegex("ds_fleet_[a-z_]+")]
    private static partial Regex MetricName();
}
