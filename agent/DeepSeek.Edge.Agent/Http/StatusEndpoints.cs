using DeepSeek.Edge.Agent.Metrics;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Documents.Local;
using DeepSeek.Edge.Protocol.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DeepSeek.Edge.Agent.Http;

/// <summary>The routes of the status endpoint.</summary>
internal static class StatusEndpoints
{
    public static void Map(WebApplication app, IAgentStatus status, StatusDetail detail, AgentMetrics metrics)
    {
        app.MapGet("/", () => Results.Content(StatusPage.Html, "text/html; charset=utf-8"));
        app.MapGet("/status", () => Results.Json(detail.Build(), ProtocolJson.Info<LocalStatus>(ProtocolJson.Indented)));
        app.MapGet("/healthz", () =>
        {
            var health = status.GetHealth();
            return Results.Json(health, ProtocolJson.Info<AgentHealth>(ProtocolJson.Indented), statusCode: health.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapPrometheusScrapingEndpoint("/metrics", metrics.Provider, configureBranchedPipeline: null, optionsName: null);
        app.MapGet("/snapshot/{file}", (string file) =>
        {
            var camera = file.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) ? file[..^4] : file;
            return status.LatestJpeg(camera) is { } frame
                ? Results.File(frame.Jpeg, "image/jpeg")
                : Results.NotFound($"no frame for camera \"{camera}\"; cameras: {string.Join(", ", status.CameraNames)}");
        });
        app.MapGet("/stream/{camera}", (string camera, HttpContext context) => MjpegStream.WriteAsync(context, status, camera));
    }
}
