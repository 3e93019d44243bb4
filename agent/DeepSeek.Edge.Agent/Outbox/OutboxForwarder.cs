using System.Globalization;
using System.Text.Json;
using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Inference.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet.Exceptions;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>
/// Drains the outbox to the broker whenever the link is up: oldest sequence first, QoS 1, a sliding window of publishes in
/// flight, each record removed only after its PUBACK (and after every older record's). Wakes as soon as a record is queued, so a connected device's messages go out at once.
/// A refusal the broker may lift (not authorized, quota, busy) holds the queue and is retried with a doubling pause
/// (<see cref="OutboxOptions.RetryDelay"/> up to <see cref="OutboxOptions.RetryMaxDelay"/>); only a message that can never
/// pass (invalid topic or payload format, larger than the broker's maximum packet size) is discarded, counted with the reason.
/// Stop it before the <see cref="MqttConnectionSupervisor"/> (register it after).
/// </summary>
public sealed class OutboxForwarder : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan LinkDownPause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan IdleBeat = TimeSpan.FromSeconds(1);
    private readonly Outbox _outbox;
    private readonly MqttConnectionSupervisor _link;
    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly LoopPulse? _pulse;
    private CancellationTokenSource? _stopping;
    private TimeSpan _refusedDelay;
    private Task? _loop;

    public OutboxForwarder(
        Outbox outbox, MqttConnectionSupervisor link, OutboxOptions options, ILogger<OutboxForwarder> logger, TimeProvider timeProvider, Liveness? liveness = null)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _outbox = outbox;
        _link = link;
        _options = options;
        _logger = logger;
        _time = timeProvider;
        _pulse = liveness?.Register("outbox_forwarder", StallAfter(options, link));
    }

    /// <summary>The longest a step may take: a publish waits for its PUBACK up to the link's timeout, a refusal pauses up to <see cref="OutboxOptions.RetryMaxDelay"/>.</summary>
    public static TimeSpan StallAfter(OutboxOptions options, MqttConnectionSupervisor link) =>
        options.RetryMaxDelay + 2 * link.RequestTimeout + TimeSpan.FromSeconds(30);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_loop is not null) return Task.CompletedTask;
        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        _loop = Task.Run(() => GuardedLoop.RunAsync("outbox_forwarder", ForwardAsync, _options.RetryDelay, _options.RetryMaxDelay, _logger, _time, token, _pulse), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops after the batch in flight has its answers (or <paramref name="cancellationToken"/> fires).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var stopping = Interlocked.Exchange(ref _stopping, null); // idempotent: the host and disposal may both stop it
        if (stopping is null || _loop is null) return;
        await stopping.CancelAsync();
        try
        {
            await _loop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            stopping.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    /// <summary>
    /// One run of the forwarding loop, until it is stopped or fails; a failure (an I/O error reading a record) is logged and
    /// counted by <see cref="GuardedLoop"/>, and the next run starts again from the oldest undelivered record after a pause.
    /// Every wait is bounded by <see cref="IdleBeat"/> so that the pulse beats while there is nothing to send.
    /// </summary>
    private async Task ForwardAsync(CancellationToken stop)
    {
        var window = new Queue<(OutboxRecord Record, Task<SendResult> Send)>();
        var lastSent = 0L;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                _pulse?.Beat();
                if (!await Within(_link.WaitUntilConnectedAsync(stop))) continue;
                if (window.Count == 0 && !await Within(_outbox.WaitForMessagesAfterAsync(lastSent, stop))) continue;
                lastSent = Fill(window, lastSent, stop);
                if (window.Count == 0)
                {
                    if (!_link.IsConnected) await Task.Delay(LinkDownPause, _time, stop);
                    continue;
                }

                var size = WindowSize();
                if (window.Count < size) await Within(Task.WhenAny(window.Peek().Send, _outbox.WaitForMessagesAfterAsync(lastSent, stop)));
                else await Within(window.Peek().Send);

                var stopped = Settle(window);
                if (stopped is { } failed)
                {
                    // Everything after the failure not acknowledged meanwhile is sent again from the oldest undelivered record, after a pause.
                    OutboxLog.WindowInterrupted(_logger, window.Count + 1, failed.Result.Outcome.ToString());
                    await Task.WhenAll(window.Select(w => w.Send));
                    _outbox.Complete(window.Where(w => w.Send.Result.Outcome == SendOutcome.Delivered).Select(w => w.Record).ToList());
                    window.Clear();
                    lastSent = 0;
                    await Task.Delay(failed.Result.Outcome == SendOutcome.RetryLater ? Refused(failed.Record, failed.Result.Reason) : LinkDownPause, _time, stop);
                }
            }
        }
        finally
        {
            await Task.WhenAll(window.Select(w => w.Send));
        }
    }

    /// <summary>Waits for <paramref name="task"/> at most <see cref="IdleBeat"/>; false when it has not completed by then.</summary>
    private async Task<bool> Within(Task task)
    {
        try
        {
            await task.WaitAsync(IdleBeat, _time);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private int WindowSize() => Math.Max(1, Math.Min(_options.MaxInFlight, _link.ServerReceiveMaximum));

    /// <summary>Starts publishes for records not yet sent until the window is full; started in order, so they leave in sequence order.</summary>
    private long Fill(Queue<(OutboxRecord Record, Task<SendResult> Send)> window, long lastSent, CancellationToken stop)
    {
        var room = WindowSize() - window.Count;
        if (room <= 0 || !_link.IsConnected) return lastSent;
        foreach (var record in _outbox.PeekAfter(lastSent, room))
        {
            window.Enqueue((record, SendAsync(record, stop)));
            lastSent = record.Sequence;
        }

        return lastSent;
    }

    /// <summary>
    /// Removes from the outbox, in order, the records at the front of the window whose answer has come: delivered ones
    /// are completed, refused-for-good ones discarded. Returns the record and answer that stopped the window (link down, try later), if any.
    /// </summary>
    private (OutboxRecord Record, SendResult Result)? Settle(Queue<(OutboxRecord Record, Task<SendResult> Send)> window)
    {
        var delivered = new List<OutboxRecord>();
        try
        {
            while (window.Count > 0 && window.Peek().Send.IsCompleted)
            {
                var (record, send) = window.Dequeue();
                var result = send.Result;
                switch (result.Outcome)
                {
                    case SendOutcome.Delivered:
                        delivered.Add(record);
                        _refusedDelay = TimeSpan.Zero;
                        break;
                    case SendOutcome.Rejected or SendOutcome.Unsendable:
                        _outbox.Complete(delivered);
                        delivered.Clear();
                        _outbox.Discard(record, result.Reason);
                        break;
                    default:
                        return (record, result);
                }
            }

            return null;
        }
        finally
        {
            _outbox.Complete(delivered);
        }
    }

    /// <summary>The pause after a refusal that may clear: <see cref="OutboxOptions.RetryDelay"/>, doubling while refusals go on. Counted and logged.</summary>
    private TimeSpan Refused(OutboxRecord record, string reason)
    {
        _refusedDelay = _refusedDelay == TimeSpan.Zero ? _options.RetryDelay : TimeSpan.FromTicks(Math.Min(_refusedDelay.Ticks * 2, _options.RetryMaxDelay.Ticks));
        OutboxMetrics.Refused.Add(1, OutboxMetrics.Tag(record.Priority), new KeyValuePair<string, object?>("reason", reason));
        OutboxLog.Refused(_logger, record.Sequence, record.Topic, reason, _refusedDelay);
        return _refusedDelay;
    }

    private async Task<SendResult> SendAsync(OutboxRecord record, CancellationToken stop)
    {
        // A record larger than the broker takes can never pass (the broker would drop the connection on every attempt).
        var limit = _link.ServerMaximumPacketSize;
        if (limit > 0 && record.Topic.Length + record.Payload.Length + 64 > limit)
        {
            OutboxLog.Unsendable(_logger, record.Sequence, record.Topic, new InvalidDataException($"{record.Payload.Length} payload bytes exceed the broker's maximum packet size ({limit})"));
            return new SendResult(SendOutcome.Unsendable, "packet_too_large");
        }

        try
        {
            var (status, reason) = await _link.PublishForReasonAsync(new MqttOutgoing
            {
                Topic = record.Topic,
                Payload = record.Payload,
                Retain = record.Retain,
                UserProperties = [new("seq", record.Sequence.ToString(CultureInfo.InvariantCulture)), new("epoch", _outbox.Epoch)],
            }, stop);
            var tag = JsonNamingPolicy.SnakeCaseLower.ConvertName(reason);
            return status switch
            {
                MqttPublishStatus.Accepted => new SendResult(SendOutcome.Delivered, tag),
                MqttPublishStatus.Rejected => new SendResult(SendOutcome.Rejected, "rejected_" + tag),
                _ => new SendResult(SendOutcome.RetryLater, tag),
            };
        }
        catch (Exception e) when (e is MqttLinkUnavailableException or MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
        {
            return new SendResult(SendOutcome.LinkDown, "link_down");
        }
        catch (Exception e) when (e is MqttProtocolViolationException or ArgumentException)
        {
            OutboxLog.Unsendable(_logger, record.Sequence, record.Topic, e);
            return new SendResult(SendOutcome.Unsendable, "unsendable");
        }
    }

    private readonly record struct SendResult(SendOutcome Outcome, string Reason);
}
