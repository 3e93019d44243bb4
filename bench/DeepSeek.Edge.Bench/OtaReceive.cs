using System.Diagnostics;
using DeepSeek.Edge.Models.Packaging.Chunks;
using MQTTnet;

namespace DeepSeek.Edge.Bench;

/// <summary>
/// The device side of the over-the-air bench, on retained chunks already at the broker. (b) does what the agent's download does:
/// subscribes to each chunk topic on its own, writes every chunk through <see cref="ChunkAssembler"/> (SHA-256 check, write at its
/// offset, fsync, journal), one at a time, and completes the package (whole-package SHA-256, fsync, rename). (c) subscribes the same
/// way and only counts the bytes that arrive. Both are timed from the first SUBSCRIBE to the last byte handled; connecting is not timed.
/// </summary>
internal static class OtaReceive
{
    public static async Task<TimeSpan> PackageAsync(int port, ChunkManifest chunks, string topicRoot, string downloadDirectory, CancellationToken cancellationToken)
    {
        using var client = await BenchMqtt.ConnectAsync(port, "bench-device", cancellationToken).ConfigureAwait(false);
        using var assembler = ChunkAssembler.Open(downloadDirectory, chunks, cancellationToken);
        using var gate = new SemaphoreSlim(1, 1);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += async e =>
        {
            var topic = e.ApplicationMessage.Topic;
            var index = int.Parse(topic.AsSpan(topic.LastIndexOf('/') + 1), provider: System.Globalization.CultureInfo.InvariantCulture);
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await assembler.WriteChunkAsync(index, BenchMqtt.Contiguous(e.ApplicationMessage.Payload), cancellationToken).ConfigureAwait(false);
                if (assembler.HasAllChunks) done.TrySetResult();
            }
            catch (ChunkException ex)
            {
                done.TrySetException(ex);
            }
            finally
            {
                gate.Release();
            }
        };

        var clock = Stopwatch.StartNew();
        await BenchMqtt.SubscribeEachAsync(client, Enumerable.Range(0, chunks.ChunkCount).Select(i => OtaPublish.ChunkTopic(topicRoot, i)), cancellationToken).ConfigureAwait(false);
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        assembler.Complete(cancellationToken);
        clock.Stop();
        await BenchMqtt.DisconnectAsync(client).ConfigureAwait(false);
        return clock.Elapsed;
    }

    public static async Task<TimeSpan> BareAsync(int port, int pieceCount, long totalBytes, string topicRoot, CancellationToken cancellationToken)
    {
        using var client = await BenchMqtt.ConnectAsync(port, "bench-bare-device", cancellationToken).ConfigureAwait(false);
        var received = 0L;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (Interlocked.Add(ref received, e.ApplicationMessage.Payload.Length) >= totalBytes) done.TrySetResult();
            return Task.CompletedTask;
        };

        var clock = Stopwatch.StartNew();
        await BenchMqtt.SubscribeEachAsync(client, Enumerable.Range(0, pieceCount).Select(i => OtaPublish.ChunkTopic(topicRoot, i)), cancellationToken).ConfigureAwait(false);
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        clock.Stop();
        await BenchMqtt.DisconnectAsync(client).ConfigureAwait(false);
        return clock.Elapsed;
    }
}
