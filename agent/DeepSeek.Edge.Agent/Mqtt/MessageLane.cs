namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>
/// Where received messages of one kind wait for their handler, off the MQTT receive loop: a bounded queue and its workers.
/// A slow handler delays only its own lane (and, with several workers, only its own worker); a full lane refuses the message,
/// logged (event 414) and counted (<c>dsedge.mqtt.messages.overflow{lane}</c>).
/// </summary>
/// <param name="Name">The lane's name in logs and metrics.</param>
/// <param name="Capacity">Messages that may wait.</param>
/// <param name="Workers">Messages handled at once (1 keeps the arrival order).</param>
public sealed record MessageLane(string Name, int Capacity, int Workers)
{
    /// <summary>Remote commands: a slow one (a rollback waiting for an update's health window) does not hold up a <c>ping</c>.</summary>
    public static readonly MessageLane Commands = new("commands", 32, 4);

    /// <summary>Desired-state documents, in arrival order.</summary>
    public static readonly MessageLane DesiredState = new("desired_state", 16, 1);

    /// <summary>Everything else (model offers), in arrival order.</summary>
    public static readonly MessageLane Default = new("default", 64, 1);
}
