using System.Globalization;
using System.Threading.Channels;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Models.Packaging.Chunks;
using DeepSeek.Edge.Protocol.Documents;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// Downloads one offered package into a <see cref="ChunkAssembler"/> over its own clean-session connection to the broker
/// (<see cref="MqttTransferClient"/>): one SUBSCRIBE for the chunk topics it still lacks (so a restart resumes), each chunk's
/// SHA-256 checked, written and journaled once, and the package completed when every chunk is there. What the broker may send is
/// bounded by the package: no message longer than a chunk (plus <see cref="HeaderAllowance"/>, the connection's maximum packet
/// size) and, over the whole transfer, no more payload bytes than the missing chunks hold; one byte more and the transfer stops.
/// </summary>
internal sealed class ModelDownload
{
    /// <summary>Room for a chunk message's topic, properties and headers in the transfer connection's maximum packet size.</summary>
    public const int HeaderAllowance = 64 * 1024;

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
    /// <see cref="TimeoutException"/> when no chunk arrives for the stall timeout and <see cref="IOException"/> when the transfer
    /// connection is lost (the chunks stored so far are kept for the next try either way).
    /// </summary>
    public async Task<string> RunAsync(ModelOffer offer, string directory, Func<long, long, Task> progress, CancellationToken cancellationToken)
    {
        using var assembler = ChunkAssembler.Open(directory, offer.Chunks, cancellationToken);
        var missing = assembler.MissingChunks();
        var storedAtStart = offer.Chunks.PackageSize - missing.Sum(i => (long)offer.Chunks.LengthOf(i));
        var model = $"{offer.Name}@{offer.Version}";
        OtaLog.DownloadStarting(_logger, model, offer.Chunks.ChunkCount - missing.Count, offer.Chunks.ChunkCount, storedAtStart, offer.Chunks.PackageSize);
        if (missing.Count > 0)
        {
            var topics = missing.ToDictionary(i => _link.Topics.ModelChunk(offer.Name, offer.Version, i));
            var storedBytes = storedAtStart;
            var budget = offer.Chunks.PackageSize - storedAtStart;
            long received = 0;
            var stored = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
            var reports = new CoalescingProgress(progress, offer.Chunks.PackageSize);
            reports.Post(storedAtStart);

            // The transfer client calls this one message at a time and acknowledges each when it returns: a chunk is journaled first.
            async Task OnChunkAsync(MqttIncoming message, CancellationToken ct)
            {
                if (!topics.TryGetValue(message.Topic, out var index) || message.Payload.IsEmpty || received > budget) return;
                received += message.Payload.Length;
                if (received > budget)
                {
                    OtaMetrics.TransfersCutOff.Add(1);
                    stored.Writer.TryComplete(new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                        $"the broker sent more than the {budget} bytes of the chunks asked for ({model} is {offer.Chunks.PackageSize} bytes, its \"size\"): the transfer stopped at byte {budget + 1}; a chunk topic is being written by someone else, or the package was published again during the transfer")));
                    return;
                }

                if (assembler.IsDone(index)) return;
                try
                {
                    await assembler.WriteChunkAsync(index, message.Payload, ct).ConfigureAwait(false);
                    OtaMetrics.ChunkBytes.Add(message.Payload.Length);
                    stored.Writer.TryWrite(storedBytes += offer.Chunks.LengthOf(index));
                    if (assembler.HasAllChunks) stored.Writer.TryComplete();
                }
                catch (ChunkException ex)
                {
                    OtaLog.BadChunk(_logger, index, model, ex.Message);
                }
            }

            var transfer = await _link.OpenTransferAsync(OnChunkAsync, (long)offer.Chunks.ChunkSize + HeaderAllowance, cancellationToken).ConfigureAwait(false);
            try
            {
                await transfer.SubscribeAsync(topics.Keys.ToArray(), cancellationToken).ConfigureAwait(false);
                var throttle = new ProgressThrottle((bytes, _) => { reports.Post(bytes); return Task.CompletedTask; }, offer.Chunks.PackageSize, TimeProvider.System);
                await WaitForChunksAsync(offer, assembler, stored.Reader, transfer.Lost, throttle, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await transfer.DisposeAsync().ConfigureAwait(false); // after this no handler runs: the assembler can be disposed
                await reports.FlushAsync().ConfigureAwait(false);
            }
        }

        return assembler.Complete(cancellationToken);
    }

    private async Task WaitForChunksAsync(
        ModelOffer offer, ChunkAssembler assembler, ChannelReader<long> stored, Task<Exception> lost, ProgressThrottle progress, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stall.CancelAfter(_stallTimeout);
            var next = stored.WaitToReadAsync(stall.Token).AsTask();
            if (await Task.WhenAny(next, lost).ConfigureAwait(false) == lost && lost.IsCompletedSuccessfully) throw await lost.ConfigureAwait(false);
            bool more;
            try
            {
                more = await next.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"no chunk of {offer.Name}@{offer.Version} arrived for {_stallTimeout.TotalSeconds:0} s ({assembler.CompletedCount} of {offer.Chunks.ChunkCount} stored, kept for the retry); " +
                    "check that the broker still holds the retained chunks (publish the package again if it lost them)");
            }

            if (!more) return;
            long bytes = 0;
            while (stored.TryRead(out var latest)) bytes = latest;
            await progress.ReportAsync(bytes, force: bytes == offer.Chunks.PackageSize).ConfigureAwait(false);
        }
    }
}
