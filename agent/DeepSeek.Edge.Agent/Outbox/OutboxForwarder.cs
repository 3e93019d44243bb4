using System.Globalization;
using DeepSeek.Edge.Agent.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet.Exceptions;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>
/// Drains the outbox to the broker whenever the link is up: oldest sequence first, QoS 1, a sliding window of publishes in
/// flight, each record removed only after its PUBACK (and after every older record's). Wakes as soon as a record is queued, so a connected device's messages go out at once.
/// Stop it before the <see cref="MqttConnectionSupervisor"/> (register it after).
/// </summary>
public sealed class OutboxForwarder : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan LinkDownPause = TimeSpan.FromMilliseconds(100);
    private readonly Outbox _outbox;
    private readonly MqttConnectionSupervisor _link;
    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public OutboxForwarder(Outbox outbox, MqttConnectionSupervisor link, OutboxOptions options, ILogger<OutboxForwarder> logger, TimeProvider timeProvider)
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
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_loop is not null) return Task.CompletedTask;
        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        _loop = Task.Run(() => RunAsync(token), CancellationToken.None);
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

    private async Task RunAsync(CancellationToken stop)
    {
        var window = new Queue<(OutboxRecord Record, Task<SendOutcome> Send)>();
        var lastSent = 0L;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _link.WaitUntilConnectedAsync(stop);
                if (window.Count == 0) await _outbox.WaitForMessagesAfterAsync(lastSent, stop);
                lastSent = Fill(window, lastSent, stop);
                if (window.Count == 0)
                {
                    if (!_link.IsConnected) await Task.Delay(LinkDownPause, _time, stop);
                    continue;
                }

                var size = WindowSize();
                if (window.Count < size) await Task.WhenAny(window.Peek().Send, _outbox.WaitForMessagesAfterAsync(lastSent, stop));
                else await window.Peek().Send;

                var stopped = Settle(window);
                if (stopped is SendOutcome.RetryLater or SendOutcome.LinkDown)
                {
                    // Everything after the failure is sent again from the oldest undelivered record, after a pause.
                    OutboxLog.WindowInterrupted(_logger, window.Count + 1, stopped.Value.ToString());
                    await Task.WhenAll(window.Select(w => w.Send));
                    window.Clear();
                    lastSent = 0;
                    await Task.Delay(stopped == SendOutcome.RetryLater ? _options.RetryDelay : LinkDownPause, _time, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is MqttLinkUnavailableException or ObjectDisposedException)
            {
                break; // the link was stopped or the outbox closed: the host is shutting down
            }
            catch (Exception e)
            {
                OutboxLog.ForwarderFailed(_logger, e);
                window.Clear();
                lastSent = 0;
                try
                {
                    await Task.Delay(_options.RetryDelay, _time, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await Task.WhenAll(window.Select(w => w.Send));
    }

    private int WindowSize() => Math.Max(1, Math.Min(_options.MaxInFlight, _link.ServerReceiveMaximum));

    /// <summary>Starts publishes for records not yet sent until the window is full; started in order, so they leave in sequence order.</summary>
    private long Fill(Queue<(OutboxRecord Record, Task<SendOutcome> Send)> window, long lastSent, CancellationToken stop)
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
    /// are completed, refused ones discarded. Returns the outcome that stopped the window (link down, try later), if any.
    /// </summary>
    private SendOutcome? Settle(Queue<(OutboxRecord Record, Task<SendOutcome> Send)> window)
    {
        var delivered = new List<OutboxRecord>();
        try
        {
            while (window.Count > 0 && window.Peek().Send.IsCompleted)
            {
                var (record, send) = window.Dequeue();
                switch (send.Result)
                {
                    case SendOutcome.Delivered:
                        delivered.Add(record);
                        break;
                    case SendOutcome.Rejected or SendOutcome.Unsendable:
                        _outbox.Complete(delivered);
                        delivered.Clear();
                        _outbox.Discard(record, send.Result == SendOutcome.Rejected ? "rejected_by_broker" : "unsendable");
                        break;
                    default:
                        return send.Result;
                }
            }

            return null;
        }
        finally
        {
            _outbox.Complete(delivered);
        }
    }

    private async Task<SendOutcome> SendAsync(OutboxRecord record, CancellationToken stop)
    {
        try
        {
            var status = await _link.PublishAsync(new MqttOutgoing
            {
                Topic = record.Topic,
                Payload = record.Payload,
                Retain = record.Retain,
                UserProperties = [new("seq", record.Sequence.ToString(CultureInfo.InvariantCulture))],
            }, stop);
            return status switch
            {
                MqttPublishStatus.Accepted => SendOutcome.Delivered,
                MqttPublishStatus.Rejected => SendOutcome.Rejected,
                _ => SendOutcome.RetryLater,
            };
        }
        catch (Exception e) when (e is MqttLinkUnavailableException or MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
        {
            return SendOutcome.LinkDown;
        }
        catch (Exception e) when (e is MqttProtocolViolationException or ArgumentException)
        {
            OutboxLog.Unsendable(_logger, record.Sequence, record.Topic, e);
            return SendOutcome.Unsendable;
        }
    }
}
