using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>
/// The per-device sequence: numbers only grow and are never handed out twice, even across kill -9 or power loss.
/// The <c>sequence</c> file holds a ceiling (every number handed out is below it), written and fsynced before numbers
/// under it are used, in one of two alternating 32-byte slots <c>[i64 ceiling][i64 generation][u32 CRC-32C]</c>, so a torn
/// write leaves the previous slot valid. A clean close writes the exact next number, so a clean restart leaves no gap.
/// </summary>
internal sealed class SequenceStore : IDisposable
{
    private const int SlotSize = 32;
    private const int SlotBytes = 20;
    private readonly SafeFileHandle _handle;
    private readonly int _lease;
    private long _next;
    private long _ceiling;
    private long _generation;

    private SequenceStore(SafeFileHandle handle, int lease)
    {
        _handle = handle;
        _lease = lease;
    }

    public long Next => _next;

    /// <param name="path">The sequence file.</param>
    /// <param name="lease">Numbers reserved per fsync.</param>
    /// <param name="atLeast">Lower bound from the records on disk (their highest number + 1).</param>
    public static SequenceStore Open(string path, int lease, long atLeast)
    {
        var store = new SequenceStore(File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite), lease);
        var (ceiling, generation) = store.ReadBestSlot();
        store._generation = generation;
        store._next = Math.Max(1, Math.Max(ceiling, atLeast));
        store.Reserve(store._next + lease);
        return store;
    }

    public long Take()
    {
        if (_next >= _ceiling) Reserve(_next + _lease);
        return _next++;
    }

    /// <summary>Records the exact next number (clean shutdown) and closes the file.</summary>
    public void Close()
    {
        Reserve(_next);
        _handle.Dispose();
    }

    public void Dispose() => _handle.Dispose();

    private void Reserve(long ceiling)
    {
        _generation++;
        Span<byte> slot = stackalloc byte[SlotSize];
        slot.Clear();
        BinaryPrimitives.WriteInt64LittleEndian(slot, ceiling);
        BinaryPrimitives.WriteInt64LittleEndian(slot[8..], _generation);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[16..], Crc32C.Compute(slot[..16]));
        RandomAccess.Write(_handle, slot, (_generation % 2) * SlotSize);
        RandomAccess.FlushToDisk(_handle);
        _ceiling = ceiling;
    }

    private (long Ceiling, long Generation) ReadBestSlot()
    {
        Span<byte> data = stackalloc byte[2 * SlotSize];
        data.Clear();
        _ = RandomAccess.Read(_handle, data, 0);
        (long Ceiling, long Generation) best = (0, 0);
        for (var i = 0; i < 2; i++)
        {
            var slot = data.Slice(i * SlotSize, SlotBytes);
            if (BinaryPrimitives.ReadUInt32LittleEndian(slot[16..]) != Crc32C.Compute(slot[..16])) continue;
            var generation = BinaryPrimitives.ReadInt64LittleEndian(slot[8..]);
            if (generation > best.Generation) best = (BinaryPrimitives.ReadInt64LittleEndian(slot), generation);
        }

        return best;
    }
}
