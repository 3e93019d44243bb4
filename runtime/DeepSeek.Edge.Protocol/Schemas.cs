namespace DeepSeek.Edge.Protocol;

/// <summary>The <c>schema</c> value of every contract-2 document, once. A JSON Schema for each lives in docs/schemas/.</summary>
public static class Schemas
{
    public const string Status = "deepseek-edge/status/v1";
    public const string Telemetry = "deepseek-edge/telemetry/v1";
    public const string Event = "deepseek-edge/event/v1";
    public const string Trigger = "deepseek-edge/trigger/v1";
    public const string ReportedState = "deepseek-edge/state/v1";
    public const string DesiredState = "deepseek-edge/desired-state/v1";
    public const string ModelState = "deepseek-edge/model-state/v1";
    public const string ModelOffer = "deepseek-edge/model-offer/v1";
    public const string Command = "deepseek-edge/command/v1";
    public const string Response = "deepseek-edge/response/v1";
    public const string Health = "deepseek-edge/health/v1";
    public const string Capture = "deepseek-edge/capture/v1";

    /// <summary>The agent's <c>/status</c> document for its local status page (HTTP on the device, not MQTT).</summary>
    public const string LocalStatus = "deepseek-edge/local-status/v1";

    /// <summary>The console's HTTP payloads for the trainer (not MQTT): capture pages, dataset manifests, quality, lineage.</summary>
    public const string CapturePage = "deepseek-edge/capture-page/v1";
    public const string DatasetManifest = "deepseek-edge/dataset/v1";
    public const string ModelQuality = "deepseek-edge/model-quality/v1";
    public const string ModelLineage = "deepseek-edge/model-lineage/v1";

    /// <summary>The console's rollout report: progress and each device's health before and during the soak.</summary>
    public const string Rollout = "deepseek-edge/rollout/v1";

    /// <summary>The console's HTTP documents, each with its schema file under docs/schemas/ too.</summary>
    public static IReadOnlyList<string> Fleet { get; } = [CapturePage, DatasetManifest, ModelQuality, ModelLineage, Rollout];

    /// <summary>Every document kind with its schema file name under docs/schemas/ (<c>status.v1.json</c>, …).</summary>
    public static IReadOnlyList<string> All { get; } =
        [Status, Telemetry, Event, Trigger, ReportedState, DesiredState, ModelState, ModelOffer, Command, Response, Health, Capture, LocalStatus];

    /// <summary><c>deepseek-edge/status/v1</c> → <c>status.v1.json</c>.</summary>
    public static string FileName(string schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var parts = schema.Split('/');
        return parts.Length == 3 && parts[0] == "deepseek-edge"
            ? $"{parts[1]}.{parts[2]}.json"
            : throw new ArgumentException($"\"{schema}\" is not a deepseek-edge/<kind>/v<major> schema", nameof(schema));
    }
}
