namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>What the status page shows of the link's past: connections made, when the current one began, why the last one ended, why the latest attempt failed.</summary>
internal sealed class LinkHistory(TimeProvider time)
{
    private readonly Lock _gate = new();

    public long Connects { get; private set; }
    public DateTimeOffset? ConnectedSince { get; private set; }
    public DateTimeOffset? LastDisconnectAt { get; private set; }
    public string? LastDisconnectReason { get; private set; }
    public string? LastConnectError { get; private set; }

    public void Connected()
    {
        lock (_gate)
        {
            Connects++;
            ConnectedSince = time.GetUtcNow();
            LastConnectError = null;
        }
    }

    public void ConnectFailed(string reason)
    {
        lock (_gate) LastConnectError = reason;
    }

    public void Disconnected(string reason)
    {
        lock (_gate)
        {
            ConnectedSince = null;
            LastDisconnectAt = time.GetUtcNow();
            LastDisconnectReason = reason;
        }
    }

    /// <summary>A consistent copy, read under the lock.</summary>
    public (long Connects, DateTimeOffset? Since, DateTimeOffset? DisconnectAt, string? DisconnectReason, string? ConnectError) Read()
    {
        lock (_gate) return (Connects, ConnectedSince, LastDisconnectAt, LastDisconnectReason, LastConnectError);
    }
}
