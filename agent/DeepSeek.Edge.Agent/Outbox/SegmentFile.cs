using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>One append-only segment file, named after the sequence number of its first record. Writes go straight to the OS (no user-space buffer).</summary>
internal sealed class SegmentFile : IDisposable
{
    private const string Extension = ".seg";
    private readonly SafeFileHandle _handle;

    private SegmentFile(string path, long firstSequence, SafeFileHandle handle)
    {
        Path = path;
        FirstSequence = firstSequence;
        _handle = handle;
        Length = RandomAccess.GetLength(handle);
    }

    public string Path { get; }
    public long FirstSequence { get; }
    public long Length { get; private set; }

    /// <summary>Written before records had a sync marker (format 1): read, never appended to.</summary>
    public bool Legacy { get; set; }

    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>Written since the last fsync.</summary>
    public bool Dirty { get; set; }

    public static string SearchPattern => "*" + Extension;

    public static SegmentFile Create(string directory, long firstSequence)
    {
        var path = System.IO.Path.Combine(directory, firstSequence.ToString("D19", CultureInfo.InvariantCulture) + Extension);
        return new SegmentFile(path, firstSequence, File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite));
    }

    /// <summary>Opens an existing segment; null when the name is not a segment name.</summary>
    public static SegmentFile? Open(string path)
    {
        if (!long.TryParse(System.IO.Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var first)) return null;
        return new SegmentFile(path, first, File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite));
    }

    public long Append(ReadOnlySpan<byte> record)
    {
        var offset = Length;
        RandomAccess.Write(_handle, record, offset);
        Length += record.Length;
        Dirty = true;
        return offset;
    }

    public byte[] Read(long offset, int length)
    {
        var buffer = new byte[length];
        var done = 0;
        while (done < length)
        {
            var n = RandomAccess.Read(_handle, buffer.AsSpan(done), offset + done);
            if (n == 0) throw new InvalidDataException($"{Path} ends at {offset + done}, inside a record of {length} bytes at {offset}");
            done += n;
        }

        return buffer;
    }

    public byte[] ReadAll() => Length == 0 ? [] : Read(0, checked((int)Length));

    /// <summary>Cuts the file at <paramref name="length"/> (a torn tail) and forces the cut to disk.</summary>
    public void Truncate(long length)
    {
        RandomAccess.SetLength(_handle, length);
        RandomAccess.FlushToDisk(_handle);
        Length = length;
    }

    public void FlushToDisk() => RandomAccess.FlushToDisk(_handle);

    public void Delete()
    {
        _handle.Dispose();
        File.Delete(Path);
    }

    public void Dispose() => _handle.Dispose();
}
