using System.Reflection;
using System.Text.Json;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>The retained <c>status</c> document (schema <c>deepseek-edge/status/v1</c>).</summary>
internal static class StatusPayload
{
    public const string Schema = "deepseek-edge/status/v1";

    public static string AgentVersion { get; } =
        typeof(StatusPayload).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(StatusPayload).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    public static byte[] Online(string deviceId, DateTimeOffset startedAt, DateTimeOffset now) =>
        Write(deviceId, "online", null, startedAt, now);

    /// <summary>The last will: the broker sends it when the connection dies without a DISCONNECT, so it carries no time.</summary>
    public static byte[] Lost(string deviceId, DateTimeOffset startedAt) =>
        Write(deviceId, "offline", "connection-lost", startedAt, null);

    public static byte[] Stopped(string deviceId, DateTimeOffset startedAt, DateTimeOffset now) =>
        Write(deviceId, "offline", "stopped", startedAt, now);

    private static byte[] Write(string deviceId, string state, string? reason, DateTimeOffset startedAt, DateTimeOffset? at)
    {
        using var buffer = new MemoryStream(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("device", deviceId);
            w.WriteString("state", state);
            if (reason is not null) w.WriteString("reason", reason);
            w.WriteString("agent_version", AgentVersion);
            w.WriteString("started_at", startedAt.UtcDateTime);
            if (at is { } time) w.WriteString("ts", time.UtcDateTime);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
