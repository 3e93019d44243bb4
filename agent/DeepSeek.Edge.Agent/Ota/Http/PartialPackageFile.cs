using System.Security.Cryptography;
using DeepSeek.Edge.Models.Packaging.Chunks;
using DeepSeek.Edge.Models.Store;
using Microsoft.Win32.SafeHandles;

namespace DeepSeek.Edge.Agent.Ota.Http;

/// <summary>
/// <c>package.partial</c> written front to back, with <c>http.progress</c> as the source of truth after a crash: bytes are forced
/// to disk before the record counts them, and on open the file is cut back to the recorded length (what lies past it may be
/// garbage after a power loss). One download per directory at a time.
/// </summary>
internal sealed class PartialPackageFile : IDisposable
{
    public const string PartialFileName = ChunkAssembler.PartialFileName;
    public const string ProgressFileName = "http.progress";

    private readonly SafeFileHandle _handle;
    private readonly string _directory;
    private readonly string _sha256;
    private readonly long _fsyncEvery;

    private PartialPackageFile(SafeFileHandle handle, string directory, string sha256, long size, long fsyncEvery, long length, string? validator)
    {
        _handle = handle;
        _directory = directory;
        _sha256 = sha256;
        Size = size;
        _fsyncEvery = fsyncEvery;
        Length = length;
        StoredLength = length;
        Validator = validator;
    }

    public long Size { get; }

    /// <summary>Bytes written so far (some perhaps not yet forced to disk).</summary>
    public long Length { get; private set; }

    /// <summary>Bytes forced to disk and recorded in <c>http.progress</c>.</summary>
    public long StoredLength { get; private set; }

    /// <summary>Validator (strong ETag or Last-Modified) of the file the written bytes came from; null when the server sent none.</summary>
    public string? Validator { get; private set; }

    /// <summary>Length of <c>package.partial</c> found at open when it was longer than the recorded length (it was cut back); else null.</summary>
    public long? CutBackFrom { get; private init; }

    /// <summary>Opens (or resumes) the download of the package with <paramref name="sha256"/> and <paramref name="size"/>.</summary>
    public static PartialPackageFile Open(string directory, string sha256, long size, long fsyncEvery)
    {
        foreach (var temp in Directory.EnumerateFiles(directory, $".{ProgressFileName}.*{DurableFiles.TempSuffix}")) File.Delete(temp);

        var record = HttpProgressRecord.Read(Path.Combine(directory, ProgressFileName));
        if (record is not null && (record.Sha256 != sha256 || record.Size != size)) record = null; // another package's leftovers

        var partialPath = Path.Combine(directory, PartialFileName);
        var isNew = !File.Exists(partialPath);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(partialPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new InvalidOperationException($"download directory {directory} is in use by another download, or {PartialFileName} is unreadable ({ex.Message})", ex);
        }

        try
        {
            var found = RandomAccess.GetLength(handle);
            var length = Math.Min(found, record?.Length ?? 0);
            if (found != length)
            {
                RandomAccess.SetLength(handle, length);
                RandomAccess.FlushToDisk(handle);
            }

            if (isNew) DurableFiles.FsyncDirectory(directory);
            return new PartialPackageFile(handle, directory, sha256, size, fsyncEvery, length, length == 0 ? null : record?.Validator)
            {
                CutBackFrom = record is not null && found > length ? found : null,
            };
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Appends at <see cref="Length"/>; every <c>fsyncEvery</c> bytes they are forced to disk and recorded.</summary>
    public async ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (Length + data.Length > Size) throw new InvalidOperationException($"{data.Length} more bytes would pass the package size {Size}");
        await RandomAccess.WriteAsync(_handle, data, Length, cancellationToken).ConfigureAwait(false);
        Length += data.Length;
        if (Length - StoredLength >= _fsyncEvery) Store();
    }

    /// <summary>Forces the written bytes to disk, then records them (and <see cref="Validator"/>) in <c>http.progress</c>.</summary>
    public void Store()
    {
        RandomAccess.FlushToDisk(_handle);
        new HttpProgressRecord(_sha256, Size, Length, Validator).Write(Path.Combine(_directory, ProgressFileName));
        StoredLength = Length;
    }

    /// <summary>Drops every byte (recorded first, then cut) and remembers the validator of the file fetched next.</summary>
    public void Restart(string? validator)
    {
        Length = 0;
        Validator = validator;
        Store();
        RandomAccess.SetLength(_handle, 0);
    }

    /// <summary>Remembers the validator of the file the bytes come from; only while nothing is written yet.</summary>
    public void SetValidator(string? validator)
    {
        if (Length != 0) throw new InvalidOperationException("the validator of a partly written package cannot change; restart it instead");
        Validator = validator;
    }

    /// <summary>SHA-256 (lowercase hex) of the first <see cref="Length"/> bytes.</summary>
    public async Task<string> HashAsync(CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1024 * 1024];
        for (long offset = 0; offset < Length;)
        {
            var n = await RandomAccess.ReadAsync(_handle, buffer.AsMemory(0, (int)Math.Min(buffer.Length, Length - offset)), offset, cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            hash.AppendData(buffer, 0, n);
            offset += n;
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Forces the file to disk, renames it to <paramref name="packagePath"/> (durably) and removes the progress record.</summary>
    public void Complete(string packagePath)
    {
        RandomAccess.FlushToDisk(_handle);
        _handle.Dispose();
        File.Move(Path.Combine(_directory, PartialFileName), packagePath, overwrite: true);
        DurableFiles.FsyncDirectory(_directory);
        File.Delete(Path.Combine(_directory, ProgressFileName));
    }

    /// <summary>Deletes <c>package.partial</c> and <c>http.progress</c>: the next try starts from byte 0.</summary>
    public void Discard()
    {
        _handle.Dispose();
        File.Delete(Path.Combine(_directory, ProgressFileName));
        File.Delete(Path.Combine(_directory, PartialFileName));
        DurableFiles.FsyncDirectory(_directory);
    }

    public void Dispose() => _handle.Dispose();
}
