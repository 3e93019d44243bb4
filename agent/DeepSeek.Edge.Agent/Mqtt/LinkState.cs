namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>
/// The supervisor's connection state and the signals built on it: "connected" (awaited by publishers) and "this
/// connection was lost" (one per attempt, so a late disconnect of an old connection cannot end a new one).
/// Keeps the <c>dsedge.mqtt.connected</c> gauge in step and reports every change.
/// </summary>
internal sealed class LinkState(Action<MqttConnectionStateChangedEventArgs> changed)
{
    private readonly Lock _gate = new();
    private MqttConnectionState _current = MqttConnectionState.Disconnected;
    private TaskCompletionSource _connected = NewSignal();
    private TaskCompletionSource _lost = NewSignal();

    public MqttConnectionState Current
    {
        get
        {
            lock (_gate) return _current;
        }
    }

    /// <summary>Completes when connected; fails with <see cref="MqttLinkUnavailableException"/> once stopped.</summary>
    public Task WhenConnected(CancellationToken cancellationToken)
    {
        lock (_gate) return _connected.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Starts an attempt: state Connecting and a fresh "lost" signal for the connection it may make.</summary>
    public Task BeginAttempt()
    {
        Task lost;
        lock (_gate)
        {
            _lost = NewSignal();
            lost = _lost.Task;
        }

        Set(MqttConnectionState.Connecting, null);
        return lost;
    }

    /// <summary>The current connection is gone; false if that was already known.</summary>
    public bool MarkLost(Exception? error)
    {
        TaskCompletionSource lost;
        lock (_gate) lost = _lost;
        if (!lost.TrySetResult()) return false;
        Set(MqttConnectionState.Disconnected, error);
        return true;
    }

    public void Set(MqttConnectionState next, Exception? error)
    {
        MqttConnectionState previous;
        lock (_gate)
        {
            previous = _current;
            if ((previous == next && error is null) || previous == MqttConnectionState.Stopped) return;
            _current = next;
            if (next == MqttConnectionState.Connected) _connected.TrySetResult();
            else if (next == MqttConnectionState.Stopped) _connected.TrySetException(new MqttLinkUnavailableException("the MQTT link is stopped"));
            else if (_connected.Task.IsCompleted) _connected = NewSignal();
        }

        if (previous != MqttConnectionState.Connected && next == MqttConnectionState.Connected) MqttMetrics.Connected.Add(1);
        if (previous == MqttConnectionState.Connected && next != MqttConnectionState.Connected) MqttMetrics.Connected.Add(-1);
        changed(new MqttConnectionStateChangedEventArgs(previous, next, error));
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
