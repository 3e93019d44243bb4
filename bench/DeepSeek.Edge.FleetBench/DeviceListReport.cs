using System.Globalization;

namespace DeepSeek.Edge.FleetBench;

/// <summary>The device list table: p50 / p95 per query and fleet size, and the largest size's p95 as a ratio of the smallest's.</summary>
internal static class DeviceListReport
{
    public static void Print(IngestTarget target, List<(int Devices, string Query, double P50, double P95, long Total)> rows, int requests)
    {
        var inv = CultureInfo.InvariantCulture;
        var sizes = rows.Select(r => r.Devices).Distinct().Order().ToArray();
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"device list on {target.Label}: GET /api/devices, page_size {DeviceListBench.PageSize}, {requests} requests per row, ms"));
        Console.WriteLine("| query | " + string.Join(" | ", sizes.Select(s => string.Create(inv, $"{s} devices: matches, p50 / p95"))) + " | p95 ratio |");
        Console.WriteLine("|---|" + string.Concat(sizes.Select(_ => "---:|")) + "---:|");
        foreach (var query in rows.Select(r => r.Query).Distinct())
        {
            var cells = sizes.Select(s => rows.Single(r => r.Devices == s && r.Query == query)).ToArray();
            Console.WriteLine(string.Create(inv, $"| {query} | ") + string.Join(" | ", cells.Select(c => string.Create(inv, $"{c.Total}: {c.P50:0.0} / {c.P95:0.0}")))
                + string.Create(inv, $" | {cells[^1].P95 / cells[0].P95:0.00} |"));
        }
    }
}
