using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>The console describes its own HTTP API: every route the app maps is in <c>/openapi/v1.json</c>, with snake_case schemas.</summary>
public sealed partial class OpenApiTests : IAsyncLifetime
{
    private MosquittoBroker? _broker;

    public Task InitializeAsync()
    {
        _broker = MosquittoBroker.Start();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _broker?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task OpenApiDocument_ListsEveryRouteAndMethodTheConsoleServes_WithSnakeCaseSchemas()
    {
        await using var console = await FleetConsole.StartAsync(_broker!);
        using var anonymous = new HttpClient { BaseAddress = console.Http.BaseAddress };
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        var described = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}")).ToHashSet(StringComparer.Ordinal);

        var served = console.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith("/openapi/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Constraint().Replace(e.RoutePattern.RawText!, "{$1}")}"))
            .ToList();
        Assert.Contains("POST /api/rollouts/{id}/{action}", served);
        Assert.Contains("GET /packages/{file}", served);
        var missing = served.Where(s => !described.Contains(s)).ToList();
        Assert.True(missing.Count == 0, $"routes not in /openapi/v1.json: {string.Join(", ", missing)}");

        var rollout = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("RolloutRequest").GetProperty("properties");
        Assert.Contains("apply_timeout_s", rollout.EnumerateObject().Select(p => p.Name));
        Assert.Contains("max_fps_drop_pct", rollout.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain(rollout.EnumerateObject(), p => p.Name.Any(char.IsUpper));
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex Constraint();
}
