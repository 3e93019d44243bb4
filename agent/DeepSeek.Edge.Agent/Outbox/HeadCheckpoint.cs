using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>
/// The <c>head</c> file of a priority queue: every record with a sequence number up to this one was delivered or dropped.
/// 16 bytes <c>[i64 sequence][u32 CRC-32C][u32 0]</c>, rewritten in place after each batch without fsync: a crash can only make it
/// older, which sends some delivered records again (the console drops them by sequence number).
/// </summary>
internal sealed class HeadCheckpoint : IDisposable
{
    private const int Size = 16;
    private readonly SafeFileHandle _handle;
    private long _saved;

    private HeadCheckpoint(SafeFileHandle handle, long value)
    {
        _handle = handle;
        _saved = value;
    }

    public long Value => _saved;

    public static HeadCheckpoint Open(string path)
    {
        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        Span<byte> data = stackalloc byte[Size];
        var n = RandomAccess.Read(handle, data, 0);
        var value = n == Size && BinaryPrimitives.ReadUInt32LittleEndian(data[8..]) == Crc32C.Compute(data[..8])
            ? BinaryPrimitives.ReadInt64LittleEndian(data)
            : 0;
        return new HeadCheckpoint(handle, value);
    }

    public void Save(long value)
    {
        if (value == _saved) return;
        Span<byte> data = stackalloc byte[Size];
        data.Clear();
        BinaryPrimitives.WriteInt64LittleEndian(data, value);
        BinaryPrimitives.WriteUInt32LittleEndian(data[8..], Crc32C.Compute(data[..8]));
        RandomAccess.Write(_handle, data, 0);
        _saved = value;
    }

    public void Dispose() => _handle.Dispose();
}
