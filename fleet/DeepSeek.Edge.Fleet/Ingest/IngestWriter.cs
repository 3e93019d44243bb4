using System.Globalization;
using DeepSeek.Edge.Fleet.Metrics;
using DeepSeek.Edge.Fleet.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Fleet.Ingest;

/// <summary>
/// Drains the ingest channel in batches (up to <see cref="BatchSize"/> messages or whatever has arrived), stores each batch in
/// one transaction and only then acknowledges its messages to the broker: a console killed mid-batch gets them again. A
/// message that cannot be stored (a bad payload) becomes a dead letter; a database failure retries the whole batch.
/// </summary>
public sealed class IngestWriter(IngestService ingest, FleetDatabase database, IngestApplier applier, FleetCounters counters, TimeProvider time,
    ILogger<IngestWriter> logger) : BackgroundService
{
    public const int BatchSize = 1000;

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
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcomes = new Dictionary<IngestOutcome, int>();
                using (var db = database.Open())
                using (var tx = db.BeginTransaction())
                {
                    foreach (var message in batch)
                    {
                        var (outcome, reason) = applier.Apply(db, tx, message);
                        outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                        if (outcome == IngestOutcome.DeadLetter)
                            logger.LogWarning("ingest: dead letter from {Topic}: {Reason}", message.Topic.ReplaceLineEndings("\\n"), reason);
                    }

                    tx.Commit();
                }

                var now = time.GetUtcNow();
                LastLagSeconds = (now - batch[0].RxTs).TotalSeconds;
                foreach (var (outcome, count) in outcomes)
                    counters.Add("ds_fleet_ingest_messages_total", count, $"outcome=\"{outcome.ToString().ToLowerInvariant()}\"");
                counters.Add("ds_fleet_ingest_batches_total");
                return;
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                counters.Add("ds_fleet_ingest_store_failures_total");
                var delay = TimeSpan.FromMilliseconds(Math.Min(200 * attempt, 5000));
                logger.LogError("ingest: storing a batch of {Count} failed ({Error}); retrying in {Delay} ms (nothing is acknowledged until it is stored)",
                    batch.Count, ex.Message, delay.TotalMilliseconds.ToString(CultureInfo.InvariantCulture));
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
