using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSeek.Edge.Fleet.Http;

/// <summary>
/// The HTTP API described by the app itself (Microsoft.AspNetCore.OpenApi): <c>GET /openapi/v1.json</c>, anonymous like
/// <c>/healthz</c> (it describes, it shows no data). Schemas follow the API's JSON options, so property names are snake_case.
/// </summary>
public static class FleetOpenApi
{
    public const string Path = "/openapi/v1.json";

    public static void AddFleetOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ds-fleet";
            document.Info.Description = "The DeepSeek.Edge fleet console's HTTP API (docs/fleet.md). /api needs an API token (Authorization: Bearer dsf_…) or the UI's session cookie.";
            return Task.CompletedTask;
        }));

    public static void MapFleetOpenApi(this WebApplication app) => app.MapOpenApi("/openapi/{documentName}.json");
}
