using System.Security.Cryptography;
using DeepSeek.Edge.Models.Store;
using Microsoft.Win32.SafeHandles;

namespace DeepSeek.Edge.Models.Packaging.Chunks;

/// <summary>
/// Receiver side of a chunked transfer, independent of the transport. Chunks arrive in any order (and more than once); each is
/// checked against its SHA-256, written at its offset into a pre-allocated <c>package.partial</c>, forced to disk, and only then
/// recorded in <c>chunks.journal</c>. Reopening the directory after a crash (kill -9, power loss) resumes: chunks recorded as done
/// are re-checked and only the missing ones are asked for. <see cref="Complete"/> checks the whole package's SHA-256 and renames
/// it to <c>package.zip</c>.
/// </summary>
public sealed class ChunkAssembler : IDisposable
{
    public const string PartialFileName = "package.partial";
    public const string JournalFileName = "chunks.journal";
    public const string PackageFileName = "package.zip";

    private readonly ChunkJournal? _journal;
    private readonly SafeFileHandle? _partial;
    private bool _completed;

    private ChunkAssembler(string directory, ChunkManifest manifest, ChunkJournal? journal, SafeFileHandle? partial, bool completed)
    {
        Directory = directory;
        Manifest = manifest;
        _journal = journal;
        _partial = partial;
        _completed = completed;
    }

    public string Directory { get; }
    public ChunkManifest Manifest { get; }

    /// <summary>Where the finished package is (it exists once <see cref="Complete"/> has returned).</summary>
    public string PackagePath => Path.Combine(Directory, PackageFileName);

    public int CompletedCount => _completed ? Manifest.ChunkCount : _journal!.DoneCount;

    public bool HasAllChunks => CompletedCount == Manifest.ChunkCount;

    /// <summary>Chunks recorded as done at open that failed their re-check and will be asked for again.</summary>
    public int RejectedAtOpen { get; private init; }

    /// <summary>
    /// Opens (or resumes) the download of the package described by <paramref name="manifest"/> in <paramref name="directory"/>
    /// (one directory per package; created if missing). A directory holding another package's download is reset.
    /// </summary>
    public static ChunkAssembler Open(string directory, ChunkManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(manifest);
        directory = Path.GetFullPath(directory);
        DurableFiles.CreateDirectory(directory);

        var packagePath = Path.Combine(directory, PackageFileName);
        if (File.Exists(packagePath))
        {
            if (Matches(packagePath, manifest, cancellationToken)) return new ChunkAssembler(directory, manifest, null, null, completed: true);
            File.Delete(packagePath);
        }

        ChunkJournal journal;
        try
        {
            journal = ChunkJournal.OpenOrCreate(Path.Combine(directory, JournalFileName), manifest, out var created);
            if (created) File.Delete(Path.Combine(directory, PartialFileName));
        }
        catch (IOException ex) when (ex is not FileNotFoundException)
        {
            throw new InvalidOperationException($"download directory {directory} is in use by another assembler, or unreadable ({ex.Message})", ex);
        }

        SafeFileHandle? partial = null;
        try
        {
            var partialPath = Path.Combine(directory, PartialFileName);
            var isNew = !File.Exists(partialPath);
            partial = isNew
                ? File.OpenHandle(partialPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.None, preallocationSize: manifest.PackageSize)
                : File.OpenHandle(partialPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            if (RandomAccess.GetLength(partial) != manifest.PackageSize)
            {
                for (var i = 0; i < manifest.ChunkCount; i++) journal.Set(i, false);
                RandomAccess.SetLength(partial, manifest.PackageSize);
                RandomAccess.FlushToDisk(partial);
            }

            if (isNew) DurableFiles.FsyncDirectory(directory);
            var rejected = Recheck(journal, partial, manifest, cancellationToken);
            return new ChunkAssembler(directory, manifest, journal, partial, completed: false) { RejectedAtOpen = rejected };
        }
        catch
        {
            partial?.Dispose();
            journal.Dispose();
            throw;
        }
    }

    public bool IsDone(int index) => _completed || _journal!.IsDone(CheckIndex(index));

    /// <summary>The chunks still to fetch, in order.</summary>
    public IReadOnlyList<int> MissingChunks() =>
        _completed ? [] : Enumerable.Range(0, Manifest.ChunkCount).Where(i => !_journal!.IsDone(i)).ToArray();

    /// <summary>
    /// Checks and stores chunk <paramref name="index"/>. Returns false when it was already stored (a duplicate delivery).
    /// Throws <see cref="ChunkException"/> for a wrong length or hash (nothing is written; ask for the chunk again).
    /// </summary>
    public async ValueTask<bool> WriteChunkAsync(int index, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        CheckIndex(index);
        if (IsDone(index)) return false;
        var expectedLength = Manifest.LengthOf(index);
        if (data.Length != expectedLength)
            throw new ChunkException(index, $"is {data.Length} bytes; the chunk manifest says {expectedLength}; ask for it again");
        var actual = Convert.ToHexStringLower(SHA256.HashData(data.Span));
        if (actual != Manifest.ChunkSha256[index])
            throw new ChunkException(index, $"has SHA-256 {actual}; the chunk manifest expects {Manifest.ChunkSha256[index]}; ask for it again");

        await RandomAccess.WriteAsync(_partial!, data, Manifest.OffsetOf(index), cancellationToken).ConfigureAwait(false);
        RandomAccess.FlushToDisk(_partial!);
        _journal!.Set(index, true);
        return true;
    }

    /// <summary>
    /// Checks the assembled package's SHA-256, forces it to disk and renames it to <c>package.zip</c>; returns its path.
    /// On a mismatch every chunk is marked missing and <see cref="ChunkException"/> (index -1) is thrown.
    /// </summary>
    public string Complete(CancellationToken cancellationToken = default)
    {
        if (_completed) return PackagePath;
        var missing = MissingChunks();
        if (missing.Count > 0)
            throw new InvalidOperationException($"{missing.Count} of {Manifest.ChunkCount} chunks are still missing (first: {missing[0]}); write them before completing");

        var actual = HashFile(_partial!, Manifest.PackageSize, cancellationToken);
        if (actual != Manifest.PackageSha256)
        {
            for (var i = 0; i < Manifest.ChunkCount; i++) _journal!.Set(i, false);
            throw new ChunkException(-1, $"assembled package has SHA-256 {actual}; the chunk manifest expects {Manifest.PackageSha256}: the chunk list does not describe that package; every chunk will be fetched again");
        }

        RandomAccess.FlushToDisk(_partial!);
        _partial!.Dispose();
        _journal!.Dispose();
        File.Move(Path.Combine(Directory, PartialFileName), PackagePath, overwrite: true);
        DurableFiles.FsyncDirectory(Directory);
        File.Delete(Path.Combine(Directory, JournalFileName));
        _completed = true;
        return PackagePath;
    }

    public void Dispose()
    {
        _partial?.Dispose();
        _journal?.Dispose();
    }

    private int CheckIndex(int index) =>
        index >= 0 && index < Manifest.ChunkCount ? index : throw new ChunkException(index, $"does not exist; the package has chunks 0..{Manifest.ChunkCount - 1}");

    private static int Recheck(ChunkJournal journal, SafeFileHandle partial, ChunkManifest manifest, CancellationToken cancellationToken)
    {
        var rejected = 0;
        var buffer = new byte[manifest.ChunkSize];
        for (var i = 0; i < manifest.ChunkCount; i++)
        {
            if (!journal.IsDone(i)) continue;
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = buffer.AsSpan(0, manifest.LengthOf(i));
            var read = RandomAccess.Read(partial, chunk, manifest.OffsetOf(i));
            if (read == chunk.Length && Convert.ToHexStringLower(SHA256.HashData(chunk)) == manifest.ChunkSha256[i]) continue;
            journal.Set(i, false);
            rejected++;
        }

        return rejected;
    }

    private static bool Matches(string packagePath, ChunkManifest manifest, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(packagePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        return RandomAccess.GetLength(handle) == manifest.PackageSize && HashFile(handle, manifest.PackageSize, cancellationToken) == manifest.PackageSha256;
    }

    private static string HashFile(SafeFileHandle handle, long size, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1024 * 1024];
        for (long offset = 0; offset < size;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, size - offset)), offset);
            if (n == 0) break;
            hash.AppendData(buffer, 0, n);
            offset += n;
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
