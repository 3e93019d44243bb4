using System.Diagnostics;
using System.Threading.Channels;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Models.Packaging.Chunks;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// Downloads one offered package into a <see cref="ChunkAssembler"/>: subscribes only to the chunk topics it still lacks
/// (so a restart resumes), writes each chunk once, and completes the package when every chunk is there.
/// </summary>
internal sealed class ModelDownload
{
    /// <summary>Progress is reported at most this often (each report is a QoS 1 message that queues behind the chunks).</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    private readonly MqttConnectionSupervisor _link;
    private readonly ILogger _logger;
    private readonly TimeSpan _stallTimeout;

    public ModelDownload(MqttConnectionSupervisor link, TimeSpan stallTimeout, ILogger logger)
    {
        _link = link;
        _stallTimeout = stallTimeout;
        _logger = logger;
    }

    /// <summary>
    /// Returns the path of the complete package. <paramref name="progress"/> gets (stored bytes, total bytes). Throws
    /// <see cref="TimeoutException"/> when no chunk arrives for the stall timeout (the chunks stored so far are kept).
    /// </summary>
    public async Task<string> RunAsync(ModelOffer offer, string directory, Func<long, long, Task> progress, CancellationToken cancellationToken)
    {
        using var assembler = ChunkAssembler.Open(directory, offer.Chunks, cancellationToken);
        var missing = assembler.MissingChunks();
        OtaLog.DownloadStarting(_logger, $"{offer.Name}@{offer.Version}", offer.Chunks.ChunkCount - missing.Count, offer.Chunks.ChunkCount,
            offer.Chunks.PackageSize - missing.Sum(i => (long)offer.Chunks.LengthOf(i)), offer.Chunks.PackageSize);
        if (missing.Count > 0)
        {
            var gate = new SemaphoreSlim(1, 1);
            var closed = false;
            var stored = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
            var topics = missing.ToDictionary(i => _link.Topics.ModelChunk(offer.Name, offer.Version, i));
            var reports = new CoalescingProgress(progress, offer.Chunks.PackageSize);
            reports.Post(offer.Chunks.PackageSize - missing.Sum(i => (long)offer.Chunks.LengthOf(i)));
            // One SUBSCRIBE for every missing chunk: the broker answers with the retained chunks at once.
            await _link.SubscribeAsync(topics.Keys.ToArray(), async (message, ct) =>
            {
                if (!topics.TryGetValue(message.Topic, out var index)) return;
                await gate.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    if (closed || assembler.IsDone(index) || message.Payload.IsEmpty) return;
                    await assembler.WriteChunkAsync(index, message.Payload, ct).ConfigureAwait(false);
                    OtaMetrics.ChunkBytes.Add(message.Payload.Length);
                    // Progress is published by the caller, not here: a handler must not wait on the link it is called from.
                    stored.Writer.TryWrite(Enumerable.Range(0, offer.Chunks.ChunkCount).Where(assembler.IsDone).Sum(i => (long)offer.Chunks.LengthOf(i)));
                    if (assembler.HasAllChunks) stored.Writer.TryComplete();
                }
                catch (ChunkException ex)
                {
                    OtaLog.BadChunk(_logger, index, $"{offer.Name}@{offer.Version}", ex.Message);
                }
                finally
                {
                    gate.Release();
                }
            }, cancellationToken).ConfigureAwait(false);

            try
            {
                var lastReport = Stopwatch.GetTimestamp();
                while (true)
                {
                    using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    stall.CancelAfter(_stallTimeout);
                    try
                    {
                        if (!await stored.Reader.WaitToReadAsync(stall.Token).ConfigureAwait(false)) break;
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new TimeoutException(
                            $"no chunk of {offer.Name}@{offer.Version} arrived for {_stallTimeout.TotalSeconds:0} s ({assembler.CompletedCount} of {offer.Chunks.ChunkCount} stored, kept for the retry); " +
                            "check that the broker still holds the retained chunks (publish the package again if it lost them)");
                    }

                    long bytes = 0;
                    while (stored.Reader.TryRead(out var latest)) bytes = latest;
                    if (Stopwatch.GetElapsedTime(lastReport) < ProgressInterval && bytes < offer.Chunks.PackageSize) continue;
                    lastReport = Stopwatch.GetTimestamp();
                    reports.Post(bytes);
                }
            }
            finally
            {
                await reports.FlushAsync().ConfigureAwait(false);
                await _link.UnsubscribeAsync(topics.Keys.ToArray(), CancellationToken.None).ConfigureAwait(false);
                await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                closed = true; // a late duplicate must not touch the assembler once it is disposed
                gate.Release();
            }
        }

        return assembler.Complete(cancellationToken);
    }
}
