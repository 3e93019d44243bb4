namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// Passes download progress to a slow callback (a QoS 1 publish whose acknowledgement queues behind the chunks still
/// arriving) without ever making the download wait: while one report is under way, newer values replace each other and only
/// the latest is sent next.
/// </summary>
internal sealed class CoalescingProgress
{
    private readonly Func<long, long, Task> _report;
    private readonly long _total;
    private readonly Lock _lock = new();
    private long? _pending;
    private Task _sending = Task.CompletedTask;

    public CoalescingProgress(Func<long, long, Task> report, long total)
    {
        _report = report;
        _total = total;
    }

    public void Post(long bytes)
    {
        lock (_lock)
        {
            _pending = bytes;
            if (_sending.IsCompleted) _sending = Task.Run(SendAsync);
        }
    }

    /// <summary>Waits for the report under way (failures of reporting are not the download's).</summary>
    public async Task FlushAsync()
    {
        Task sending;
        lock (_lock) sending = _sending;
        try
        {
            await sending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A report that failed (link down) is superseded by the next state change.
        }
    }

    private async Task SendAsync()
    {
        while (true)
        {
            long bytes;
            lock (_lock)
            {
                if (_pending is not { } next) return;
                bytes = next;
                _pending = null;
            }

            await _report(bytes, _total).ConfigureAwait(false);
        }
    }
}
