namespace DeepSeek.Edge.Protocol.Documents.Local;

/// <summary>
/// The agent's MQTT link: <c>state</c> is <c>connecting</c>, <c>connected</c>, <c>disconnected</c> or <c>stopped</c>;
/// <c>connects</c> counts successful connections since start (<c>reconnects</c> is all but the first).
/// </summary>
public sealed record BrokerLink(string Address, string State, bool Connected, long Connects, long Reconnects)
{
    public DateTimeOffset? ConnectedSince { get; init; }

    public DateTimeOffset? LastDisconnectAt { get; init; }

    /// <summary>Why the last connection ended (the broker's reason, the socket error, a failed keep-alive).</summary>
    public string? LastDisconnectReason { get; init; }

    /// <summary>Why the latest connect attempt failed, while the link is not connected.</summary>
    public string? LastConnectError { get; init; }
}
