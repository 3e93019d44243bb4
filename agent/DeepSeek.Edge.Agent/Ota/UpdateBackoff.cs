using DeepSeek.Edge.Agent.Hosting;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// The cool-off between update attempts, one per camera and desired-state topic: every failed attempt (a transfer that failed,
/// a rejected package, a rollback) doubles it from <see cref="OtaOptions.RetryDelay"/> up to <see cref="OtaOptions.MaxRetryDelay"/>;
/// only a success clears it. A new document on the topic does not, whatever its <c>version</c> or model: a peer that keeps
/// publishing new versions cannot make the device download in a loop. At most one entry per camera and subscribed topic.
/// Timestamps are monotonic (<see cref="TimeProvider.GetTimestamp"/>).
/// </summary>
internal sealed class UpdateBackoff
{
    private readonly OtaOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<(string Topic, string Camera), (int Failures, long NotBefore)> _entries = [];
    private readonly Lock _lock = new();

    public UpdateBackoff(OtaOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    /// <summary>When the next attempt for <paramref name="camera"/> from <paramref name="topic"/> may start; null when it may now.</summary>
    public long? Pending(string topic, string camera)
    {
        lock (_lock) return _entries.TryGetValue((topic, camera), out var entry) && entry.NotBefore > _time.GetTimestamp() ? entry.NotBefore : null;
    }

    /// <summary>Records a failed attempt; returns the attempt's number, the cool-off and the monotonic time it ends.</summary>
    public (int Failures, TimeSpan Delay, long NotBefore) Failed(string topic, string camera)
    {
        lock (_lock)
        {
            var failures = _entries.GetValueOrDefault((topic, camera)).Failures + 1;
            var delay = GuardedLoop.Pause(_options.RetryDelay, _options.MaxRetryDelay, failures);
            var notBefore = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
            _entries[(topic, camera)] = (failures, notBefore);
            return (failures, delay, notBefore);
        }
    }

    public void Succeeded(string topic, string camera)
    {
        lock (_lock) _entries.Remove((topic, camera));
    }
}
