namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>What the broker said to a publish.</summary>
public enum MqttPublishStatus
{
    /// <summary>PUBACK with success (or "no matching subscribers"), or sent at QoS 0.</summary>
    Accepted,

    /// <summary>PUBACK with an error that sending the same message again cannot fix: topic name invalid, payload format invalid.</summary>
    Rejected,

    /// <summary>PUBACK with an error that may clear (not authorized: an ACL being fixed, quota exceeded, unspecified or implementation-specific error): send again later.</summary>
    RetryLater,
}
