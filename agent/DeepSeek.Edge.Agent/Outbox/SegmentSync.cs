using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>Forcing written segments to disk (fsync): at once for important records, or in the background on a timer.</summary>
internal static class SegmentSync
{
    /// <summary>Forces the queue's written segments to disk now (under the outbox's lock); errors propagate to the writer.</summary>
    public static void Now(OutboxQueue queue)
    {
        var dirty = new List<SegmentFile>(1);
        queue.TakeDirty(dirty);
        foreach (var s in dirty) s.FlushToDisk();
    }

    /// <summary>Forces segments taken under the lock to disk outside it; a segment closed meanwhile was forced when it was closed.</summary>
    public static void InBackground(List<SegmentFile> dirty, ILogger logger)
    {
        foreach (var s in dirty)
        {
            try
            {
                s.FlushToDisk();
            }
            catch (ObjectDisposedException)
            {
                // Deleted after delivery, or rolled (a segment is forced to disk before it is closed on roll).
            }
            catch (IOException e)
            {
                OutboxLog.FsyncFailed(logger, e);
            }
        }
    }
}
