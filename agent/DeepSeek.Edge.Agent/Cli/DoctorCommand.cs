using System.CommandLine;
using System.Text.Json;
using DeepSeek.Edge.Agent.Cli.Doctor;
using DeepSeek.Edge.Agent.Hosting;

namespace DeepSeek.Edge.Agent.Cli;

/// <summary>
/// <c>ds-edge doctor [--config path] [--json]</c>: what this board and build offer and what the configuration needs, one line
/// per check with the fix. Exits 1 when a check fails (the agent would not work as configured), else 0.
/// </summary>
internal static class DoctorCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = $"Agent configuration to check (default {AgentConfiguration.DefaultPath})" };
        var json = new Option<bool>("--json") { Description = "One JSON document instead of text" };
        var command = new Command("doctor", "Check this board, this build and the agent configuration; each problem with its fix") { config, json };
        command.SetAction(async (parse, ct) =>
        {
            List<DoctorCheck> checks = [.. PlatformChecks.Run(), .. await AgentChecks.RunAsync(parse.GetValue(config), ct).ConfigureAwait(false)];
            if (parse.GetValue(json)) Console.Out.WriteLine(JsonSerializer.Serialize(checks.Select(c => new { check = c.Name, status = c.Status.ToString().ToLowerInvariant(), found = c.Found, fix = c.Fix }), Json));
            else foreach (var c in checks) Console.Out.WriteLine($"{c.Status.ToString().ToLowerInvariant(),-4}  {c.Name,-16} {c.Found}{(c.Fix is null ? "" : $"{Environment.NewLine}{"",-22}fix: {c.Fix}")}");
            return checks.Any(c => c.Status == DoctorStatus.Fail) ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }
}
