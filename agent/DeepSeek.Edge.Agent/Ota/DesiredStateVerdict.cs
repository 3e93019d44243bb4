using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// What the agent made of the latest desired-state document on one topic, as reported under <c>desired_state</c> on
/// <c>&lt;p&gt;/devices/&lt;id&gt;/models/state</c>: <c>accepted</c> (with its <c>version</c>) or <c>rejected</c> (with the reason).
/// </summary>
internal sealed record DesiredStateVerdict(string Topic, string State, DateTimeOffset ReceivedAt, string? Version = null, string? Reason = null)
{
    public const string Accepted = DesiredStateOutcome.Accepted;
    public const string Rejected = DesiredStateOutcome.Rejected;

    /// <summary>The longest reason reported; a longer one is cut (the log has it whole).</summary>
    public const int MaxReasonLength = 512;
}
