using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>The agent's three retained <c>status</c> documents (<see cref="StatusDocument"/>).</summary>
internal static class StatusPayload
{
    public static byte[] Online(string deviceId, DateTimeOffset startedAt, DateTimeOffset now, IReadOnlyList<string> groups) =>
        ProtocolJson.Write(new StatusDocument(deviceId, StatusDocument.Online, AgentBuild.Version, startedAt) { Ts = now, Groups = groups });

    /// <summary>The last will: the broker sends it when the connection dies without a DISCONNECT, so it carries no time.</summary>
    public static byte[] Lost(string deviceId, DateTimeOffset startedAt) =>
        ProtocolJson.Write(new StatusDocument(deviceId, StatusDocument.Offline, AgentBuild.Version, startedAt) { Reason = StatusDocument.ConnectionLost });

    public static byte[] Stopped(string deviceId, DateTimeOffset startedAt, DateTimeOffset now) =>
        ProtocolJson.Write(new StatusDocument(deviceId, StatusDocument.Offline, AgentBuild.Version, startedAt) { Reason = StatusDocument.Stopped, Ts = now });
}
