using System.Data.Common;
using System.Globalization;
using DeepSeek.Edge.Fleet.Metrics;
using DeepSeek.Edge.Fleet.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Fleet.Ingest;

/// <summary>
/// Drains the ingest channel in batches (up to <see cref="BatchSize"/> messages or whatever has arrived), stores each batch in
/// one transaction (telemetry with one multi-row statement per table, <see cref="IngestApplier.ApplyAll"/>) and only then acknowledges its messages to the broker: a console killed mid-batch gets them again. A
/// message that cannot be stored (a bad payload, or one the database refuses) becomes a dead letter; a database outage retries the
/// whole batch.
/// </summary>
public sealed class IngestWriter(IngestService ingest, FleetDatabase database, IngestApplier applier, FleetCounters counters, TimeProvider time,
    ILogger<IngestWriter> logger) : BackgroundService
{
    /// <summary>
    /// At most this many messages per transaction. A batch is whatever arrived while the last one was being stored, so under load
    /// it grows toward this: with a thousand devices a batch of 5,000 touches each device's pages of each table about once for five
    /// rows, where 1,000 rewrote a page per row (each device's newest rows sit on their own page of every device-keyed index).
    /// </summary>
    public const int BatchSize = 5000;

    /// <summary>Publish-to-commit lag of the last batch's oldest message, seconds (from the device's ts where it has one: rx here).</summary>
    public double LastLagSeconds { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = ingest.Queue.Reader;
        var batch = new List<ReceivedMessage>(BatchSize);
        while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            while (batch.Count < BatchSize && reader.TryRead(out var message)) batch.Add(message);
            await StoreAsync(batch, stoppingToken).ConfigureAwait(false);
            foreach (var message in batch)
            {
                try
                {
                    await message.AcknowledgeAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The connection dropped: the broker redelivers it, and de-duplication absorbs the second copy.
                    counters.Add("ds_fleet_ingest_ack_failures_total");
                }
            }

            batch.Clear();
        }
    }

    private async Task StoreAsync(List<ReceivedMessage> batch, CancellationToken stoppingToken)
    {
        // By device (each device's messages keep their order), so replicas writing the same devices lock rows in one order.
        var ordered = batch.OrderBy(m => DeviceOf(m.Topic), StringComparer.Ordinal).ToList();
        var alone = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcomes = new Dictionary<IngestOutcome, int>();
                if (alone)
                {
                    foreach (var message in ordered) StoreAlone(message, outcomes);
                }
                else
                {
                    using var db = database.Open();
                    using var tx = db.BeginTransaction();
                    var results = applier.ApplyAll(db, tx, ordered);
                    tx.Commit();
                    for (var i = 0; i < ordered.Count; i++) Count(ordered[i], results[i], outcomes);
                }

                var now = time.GetUtcNow();
                LastLagSeconds = (now - batch[0].RxTs).TotalSeconds;
                foreach (var (outcome, count) in outcomes)
                    counters.Add("ds_fleet_ingest_messages_total", count, $"outcome=\"{outcome.ToString().ToLowerInvariant()}\"");
                counters.Add("ds_fleet_ingest_batches_total");
                return;
            }
            catch (Exception ex) when (ex is DbException or IOException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                counters.Add("ds_fleet_ingest_store_failures_total");
                if (!alone && StorageErrors.IsPermanent(ex))
                {
                    // One message the database refuses must not hold back the rest: store them one by one, that one as a dead letter.
                    alone = true;
                    logger.LogWarning("ingest: the database refused a batch of {Count} ({Error}); storing its messages one at a time", batch.Count, ex.Message);
                    continue;
                }

                var delay = TimeSpan.FromMilliseconds(Math.Min(200 * attempt, 5000));
                logger.LogError("ingest: storing a batch of {Count} failed ({Error}); retrying in {Delay} ms (nothing is acknowledged until it is stored)",
                    batch.Count, ex.Message, delay.TotalMilliseconds.ToString(CultureInfo.InvariantCulture));
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One message in its own transaction; one the database refuses for what it holds becomes a dead letter with the reason.</summary>
    private void StoreAlone(ReceivedMessage message, Dictionary<IngestOutcome, int> outcomes)
    {
        try
        {
            using var db = database.Open();
            using var tx = db.BeginTransaction();
            Count(message, applier.Apply(db, tx, message), outcomes);
            tx.Commit();
        }
        catch (DbException ex) when (StorageErrors.IsPermanent(ex))
        {
            using var db = database.Open();
            using var tx = db.BeginTransaction();
            Count(message, IngestApplier.DeadLetter(db, tx, message, $"the database refused it ({ex.Message})"), outcomes);
            tx.Commit();
        }
    }

    private void Count(ReceivedMessage message, (IngestOutcome Outcome, string? Reason) result, Dictionary<IngestOutcome, int> outcomes)
    {
        outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
        if (result.Outcome == IngestOutcome.DeadLetter)
            logger.LogWarning("ingest: dead letter from {Topic}: {Reason}", message.Topic.ReplaceLineEndings("\\n"), result.Reason);
    }

    private static string DeviceOf(string topic)
    {
        var at = topic.IndexOf("/devices/", StringComparison.Ordinal);
        if (at < 0) return topic;
        var start = at + "/devices/".Length;
        var end = topic.IndexOf('/', start);
        return end < 0 ? topic[start..] : topic[start..end];
    }
}
