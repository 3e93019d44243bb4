using System.Buffers.Binary;
using System.Text;
using DeepSeek.Edge.Models.Store;
using Microsoft.Win32.SafeHandles;

namespace DeepSeek.Edge.Models.Packaging.Chunks;

/// <summary>
/// <c>chunks.journal</c>: which chunks of one package are on disk. A 64-byte header (magic <c>DSCHUNK1</c>, package size i64,
/// chunk size i32, chunk count i32, package SHA-256 raw 32 bytes, 8 zero bytes; little-endian) and a bitmap, bit <c>n % 8</c>
/// of byte <c>n / 8</c> set once chunk <c>n</c> is written and forced to disk. Each set bit is written and fsynced on its own.
/// </summary>
internal sealed class ChunkJournal : IDisposable
{
    public const int HeaderBytes = 64;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("DSCHUNK1");

    private readonly SafeFileHandle _handle;
    private readonly byte[] _bitmap;
    private readonly Lock _gate = new();

    private ChunkJournal(SafeFileHandle handle, byte[] bitmap, int count)
    {
        _handle = handle;
        _bitmap = bitmap;
        Count = count;
        DoneCount = Enumerable.Range(0, count).Count(IsDone);
    }

    public int Count { get; }
    public int DoneCount { get; private set; }

    /// <summary>Opens the journal when it belongs to <paramref name="manifest"/>; otherwise (missing, another package, damaged) starts a new one.</summary>
    public static ChunkJournal OpenOrCreate(string path, ChunkManifest manifest, out bool created)
    {
        var header = Header(manifest);
        var bitmapBytes = (manifest.ChunkCount + 7) / 8;
        created = false;
        if (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            if (existing.Length != HeaderBytes + bitmapBytes || !existing.AsSpan(0, HeaderBytes).SequenceEqual(header))
                created = true;
        }
        else
        {
            created = true;
        }

        if (created)
        {
            var fresh = new byte[HeaderBytes + bitmapBytes];
            header.CopyTo(fresh, 0);
            DurableFiles.ReplaceFile(path, fresh);
        }

        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var bitmap = new byte[bitmapBytes];
        RandomAccess.Read(handle, bitmap, HeaderBytes);
        return new ChunkJournal(handle, bitmap, manifest.ChunkCount);
    }

    public bool IsDone(int index) => (_bitmap[index / 8] & (1 << (index % 8))) != 0;

    /// <summary>Records chunk <paramref name="index"/> as done (or not) and forces the record to disk.</summary>
    public void Set(int index, bool done)
    {
        lock (_gate)
        {
            if (IsDone(index) == done) return;
            var mask = (byte)(1 << (index % 8));
            _bitmap[index / 8] = done ? (byte)(_bitmap[index / 8] | mask) : (byte)(_bitmap[index / 8] & ~mask);
            RandomAccess.Write(_handle, _bitmap.AsSpan(index / 8, 1), HeaderBytes + (index / 8));
            RandomAccess.FlushToDisk(_handle);
            DoneCount += done ? 1 : -1;
        }
    }

    public void Dispose() => _handle.Dispose();

    private static byte[] Header(ChunkManifest manifest)
    {
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), manifest.PackageSize);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), manifest.ChunkSize);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), manifest.ChunkCount);
        Convert.FromHexString(manifest.PackageSha256).CopyTo(header, 24);
        return header;
    }
}
