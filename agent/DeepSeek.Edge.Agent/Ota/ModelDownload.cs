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
    private readonly MqttConnectionSupervisor _link;
    private readonly ILogger _logger;

    public ModelDownload(MqttConnectionSupervisor link, ILogger logger)
    {
        _link = link;
        _logger = logger;
    }

    /// <summary>Returns the path of the complete package. <paramref name="progress"/> gets (stored bytes, total bytes).</summary>
    public async Task<string> RunAsync(ModelOffer offer, string directory, Func<long, long, Task> progress, CancellationToken cancellationToken)
    {
        using var assembler = ChunkAssembler.Open(directory, offer.Chunks, cancellationToken);
        var missing = assembler.MissingChunks();
        if (missing.Count > 0)
        {
            var gate = new SemaphoreSlim(1, 1);
            var closed = false;
            var stored = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
            var topics = missing.ToDictionary(i => _link.Topics.ModelChunk(offer.Name, offer.Version, i));
            foreach (var (topic, index) in topics)
            {
                await _link.SubscribeAsync(topic, async (message, ct) =>
                {
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
            }

            try
            {
                await foreach (var bytes in stored.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    await progress(bytes, offer.Chunks.PackageSize).ConfigureAwait(false);
                }
            }
            finally
            {
                foreach (var topic in topics.Keys) await _link.UnsubscribeAsync(topic, CancellationToken.None).ConfigureAwait(false);
                await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                closed = true; // a late duplicate must not touch the assembler once it is disposed
                gate.Release();
            }
        }

        return assembler.Complete(cancellationToken);
    }
}
