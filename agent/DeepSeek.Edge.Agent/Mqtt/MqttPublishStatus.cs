namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>What the broker said to a publish.</summary>
public enum MqttPublishStatus
{
    /// <summary>PUBACK with success (or "no matching subscribers"), or sent at QoS 0.</summary>
    Accepted,

    /// <summary>PUBACK with an error that sending again cannot fix (not authorized, topic invalid, payload invalid...).</summary>
    Rejected,

    /// <summary>PUBACK with a temporary error (quota exceeded, unspecified): send again later.</summary>
    RetryLater,
}
