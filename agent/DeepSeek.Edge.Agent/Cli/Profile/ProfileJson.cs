using System.Text.Json;
using DeepSeek.Edge.Pipelines.Profiling;

namespace DeepSeek.Edge.Agent.Cli.Profile;

/// <summary>The <c>profile --json</c> report: one JSON object, snake_case keys.</summary>
internal static class ProfileJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public static string Write(ProfileReport report) => JsonSerializer.Serialize(report, Options);
}
