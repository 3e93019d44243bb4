using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>
/// The per-device sequence: numbers only grow and are never handed out twice, even across kill -9 or power loss.
/// The <c>sequence</c> file holds a ceiling (every number handed out is below it), written and fsynced before numbers
/// under it are used, in one of two alternating 32-byte slots <c>[i64 ceiling][i64 generation][u32 CRC-32C]</c>, so a torn
/// write leaves the previous slot valid. A clean close writes the exact next number, so a clean restart leaves no gap.
/// Each number taken is also written, without fsync, to a third slot <c>[i64 next][16-byte boot id][u32 CRC-32C]</c>: after
/// kill -9 the page cache still holds it, so a restart within the same boot continues exactly where the killed process
/// stopped (no gap for the console to mistake for loss); after a reboot (another boot id) the fsynced ceiling is used.
/// A fourth slot <c>[16 random bytes: the epoch][u32 CRC-32C]</c> is written and fsynced when the file is created: a lost
/// file (and so a sequence that starts again at 1) comes with a new epoch, so <c>(device, epoch, seq)</c> never repeats.
/// </summary>
internal sealed class SequenceStore : IDisposable
{
    private const int SlotSize = 32;
    private const int SlotBytes = 20;
    private const int ExactSlotOffset = 2 * SlotSize;
    private const int ExactSlotBytes = 28;
    private const int EpochSlotOffset = 3 * SlotSize;
    private const int EpochSlotBytes = 20;
    private static readonly Guid BootId = ReadBootId();
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

    /// <summary>32 lowercase hex digits, fixed for the life of the sequence file.</summary>
    public string Epoch { get; private set; } = "";

    /// <param name="path">The sequence file.</param>
    /// <param name="lease">Numbers reserved per fsync.</param>
    /// <param name="atLeast">Lower bound from the records on disk (their highest number + 1).</param>
    public static SequenceStore Open(string path, int lease, long atLeast)
    {
        var store = new SequenceStore(File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite), lease);
        var (ceiling, generation) = store.ReadBestSlot();
        store._generation = generation;
        var resumeFrom = store.ReadExactSlotFromThisBoot() ?? ceiling;
        store._next = Math.Max(1, Math.Max(resumeFrom, atLeast));
        store.Epoch = store.ReadEpoch() ?? store.CreateEpoch();
        store.Reserve(store._next + lease);
        return store;
    }

    public long Take()
    {
        if (_next >= _ceiling) Reserve(_next + _lease);
        var taken = _next++;
        WriteExactSlot(_next);
        return taken;
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

    private string? ReadEpoch()
    {
        Span<byte> slot = stackalloc byte[SlotSize];
        slot.Clear();
        if (RandomAccess.Read(_handle, slot, EpochSlotOffset) < EpochSlotBytes) return null;
        return BinaryPrimitives.ReadUInt32LittleEndian(slot[16..]) == Crc32C.Compute(slot[..16]) ? Convert.ToHexStringLower(slot[..16]) : null;
    }

    private string CreateEpoch()
    {
        Span<byte> slot = stackalloc byte[SlotSize];
        slot.Clear();
        RandomNumberGenerator.Fill(slot[..16]);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[16..], Crc32C.Compute(slot[..16]));
        RandomAccess.Write(_handle, slot, EpochSlotOffset);
        RandomAccess.FlushToDisk(_handle);
        return Convert.ToHexStringLower(slot[..16]);
    }

    private void WriteExactSlot(long next)
    {
        if (BootId == Guid.Empty) return;
        Span<byte> slot = stackalloc byte[SlotSize];
        slot.Clear();
        BinaryPrimitives.WriteInt64LittleEndian(slot, next);
        BootId.TryWriteBytes(slot[8..24]);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[24..], Crc32C.Compute(slot[..24]));
        RandomAccess.Write(_handle, slot, ExactSlotOffset);
    }

    /// <summary>The exact next number written by a process of this boot, or null (another boot, never written, torn).</summary>
    private long? ReadExactSlotFromThisBoot()
    {
        if (BootId == Guid.Empty) return null;
        Span<byte> slot = stackalloc byte[SlotSize];
        slot.Clear();
        if (RandomAccess.Read(_handle, slot, ExactSlotOffset) < ExactSlotBytes) return null;
        if (BinaryPrimitives.ReadUInt32LittleEndian(slot[24..]) != Crc32C.Compute(slot[..24])) return null;
        return new Guid(slot[8..24]) == BootId ? BinaryPrimitives.ReadInt64LittleEndian(slot) : null;
    }

    private static Guid ReadBootId()
    {
        try
        {
            return Guid.TryParse(File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim(), out var id) ? id : Guid.Empty;
        }
        catch (IOException)
        {
            return Guid.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return Guid.Empty;
        }
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
