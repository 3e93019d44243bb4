using System.Security.Cryptography;
using DeepSeek.Edge.Models.Packaging.Chunks;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Tests.Support;

namespace DeepSeek.Edge.Models.Tests.Packaging;

public sealed class ChunkTests : IDisposable
{
    private const int ChunkSize = 16 * 1024;
    private readonly TempDirectory _dir = new();
    private readonly string _package;
    private readonly ChunkManifest _manifest;

    public ChunkTests()
    {
        using var key = SigningKey.Generate();
        _package = TestModels.Pack(_dir.Path, key);
        _manifest = PackageChunker.Describe(_package, ChunkSize);
    }

    private string Download => _dir.Combine("download");

    private Task<bool> Write(ChunkAssembler assembler, int index) =>
        assembler.WriteChunkAsync(index, PackageChunker.ReadChunk(_package, _manifest, index)).AsTask();

    [Fact]
    public void Describe_Package_CutsItIntoFixedChunksWithTheirHashes()
    {
        var bytes = File.ReadAllBytes(_package);

        Assert.Equal(bytes.Length, _manifest.PackageSize);
        Assert.Equal((bytes.Length + ChunkSize - 1) / ChunkSize, _manifest.ChunkCount);
        Assert.Equal(bytes.Length - ((_manifest.ChunkCount - 1) * ChunkSize), _manifest.LengthOf(_manifest.ChunkCount - 1));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(ChunkSize, ChunkSize))), _manifest.ChunkSha256[1]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), _manifest.PackageSha256);
    }

    [Fact]
    public void ChunkManifest_JsonRoundTrip_KeepsEveryField()
    {
        var parsed = ChunkManifest.Parse(_manifest.ToJsonBytes());

        Assert.Equal(_manifest.PackageSize, parsed.PackageSize);
        Assert.Equal(_manifest.PackageSha256, parsed.PackageSha256);
        Assert.Equal(_manifest.ChunkSize, parsed.ChunkSize);
        Assert.Equal(_manifest.ChunkSha256, parsed.ChunkSha256);
    }

    [Fact]
    public void ChunkManifest_CountNotMatchingSize_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ChunkManifest(100_000, _manifest.PackageSha256, ChunkSize, _manifest.ChunkSha256.Take(2).ToArray()));

        Assert.Contains("has 7 chunks, not 2", ex.Message);
    }

    [Fact]
    public async Task WriteChunkAsync_AllChunksInShuffledOrder_AssemblesTheExactPackage()
    {
        using var assembler = ChunkAssembler.Open(Download, _manifest);
        var order = Enumerable.Range(0, _manifest.ChunkCount).ToArray();
        new Random(7).Shuffle(order);

        foreach (var i in order) Assert.True(await Write(assembler, i));
        var path = assembler.Complete();

        Assert.Equal(File.ReadAllBytes(_package), File.ReadAllBytes(path));
        Assert.Equal(["package.zip"], Directory.GetFiles(Download).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteChunkAsync_BadHash_IsRefusedAndTheChunkStaysMissing()
    {
        using var assembler = ChunkAssembler.Open(Download, _manifest);
        var chunk = PackageChunker.ReadChunk(_package, _manifest, 2);
        chunk[100] ^= 1;

        var ex = await Assert.ThrowsAsync<ChunkException>(() => assembler.WriteChunkAsync(2, chunk).AsTask());

        Assert.Equal(2, ex.Index);
        Assert.Contains(_manifest.ChunkSha256[2], ex.Message);
        Assert.Contains(2, assembler.MissingChunks());
    }

    [Fact]
    public async Task WriteChunkAsync_WrongLength_IsRefused()
    {
        using var assembler = ChunkAssembler.Open(Download, _manifest);

        var ex = await Assert.ThrowsAsync<ChunkException>(() => assembler.WriteChunkAsync(0, new byte[10]).AsTask());

        Assert.Contains("is 10 bytes", ex.Message);
    }

    [Fact]
    public async Task WriteChunkAsync_IndexOutOfRange_IsRefused()
    {
        using var assembler = ChunkAssembler.Open(Download, _manifest);

        var ex = await Assert.ThrowsAsync<ChunkException>(() => assembler.WriteChunkAsync(_manifest.ChunkCount, new byte[10]).AsTask());

        Assert.Equal(_manifest.ChunkCount, ex.Index);
    }

    [Fact]
    public async Task WriteChunkAsync_SameChunkTwice_SecondIsANoOp()
    {
        using var assembler = ChunkAssembler.Open(Download, _manifest);

        Assert.True(await Write(assembler, 3));
        Assert.False(await Write(assembler, 3));

        Assert.Equal(1, assembler.CompletedCount);
    }

    [Fact]
    public async Task Open_AfterAbandoningHalfway_AsksOnlyForTheMissingChunks()
    {
        var even = Enumerable.Range(0, _manifest.ChunkCount).Where(i => i % 2 == 0).ToArray();
        var first = ChunkAssembler.Open(Download, _manifest);
        foreach (var i in even) await Write(first, i);
        first.Dispose();

        using var resumed = ChunkAssembler.Open(Download, _manifest);

        Assert.Equal(Enumerable.Range(0, _manifest.ChunkCount).Where(i => i % 2 == 1), resumed.MissingChunks());
        Assert.Equal(0, resumed.RejectedAtOpen);
        foreach (var i in resumed.MissingChunks()) await Write(resumed, i);
        Assert.Equal(File.ReadAllBytes(_package), File.ReadAllBytes(resumed.Complete()));
    }

    [Fact]
    public async Task Open_ChunkDamagedOnDiskWhileStopped_AsksForItAgain()
    {
        var first = ChunkAssembler.Open(Download, _manifest);
        await Write(first, 0);
        await Write(first, 1);
        first.Dispose();
        using (var partial = File.OpenHandle(Path.Combine(Download, ChunkAssembler.PartialFileName), FileMode.Open, FileAccess.Write))
            RandomAccess.Write(partial, new byte[] { 0xFF, 0xFE }, ChunkSize + 10);

        using var resumed = ChunkAssembler.Open(Download, _manifest);

        Assert.Equal(1, resumed.RejectedAtOpen);
        Assert.True(resumed.IsDone(0));
        Assert.False(resumed.IsDone(1));
    }

    [Fact]
    public async Task Open_DirectoryOfAnotherPackage_StartsOver()
    {
        using (var other = ChunkAssembler.Open(Download, _manifest)) await Write(other, 0);
        var bigger = PackageChunker.Describe(_package, ChunkSize * 2);

        using var assembler = ChunkAssembler.Open(Download, bigger);

        Assert.Equal(bigger.ChunkCount, assembler.MissingChunks().Count);
    }

    [Fact]
    public async Task Open_AfterComplete_ReportsTheFinishedPackage()
    {
        using (var assembler = ChunkAssembler.Open(Download, _manifest))
        {
            foreach (var i in assembler.MissingChunks()) await Write(assembler, i);
            assembler.Complete();
        }

        using var again = ChunkAssembler.Open(Download, _manifest);

        Assert.Empty(again.MissingChunks());
        Assert.Equal(again.PackagePath, again.Complete());
    }

    [Fact]
    public async Task Complete_ChunkListThatDoesNotDescribeThePackageHash_FailsAndResets()
    {
        var lying = new ChunkManifest(_manifest.PackageSize, new string('a', 64), _manifest.ChunkSize, _manifest.ChunkSha256);
        using var assembler = ChunkAssembler.Open(Download, lying);
        for (var i = 0; i < lying.ChunkCount; i++)
            await assembler.WriteChunkAsync(i, PackageChunker.ReadChunk(_package, lying, i));

        var ex = Assert.Throws<ChunkException>(() => assembler.Complete());

        Assert.Equal(-1, ex.Index);
        Assert.Equal(lying.ChunkCount, assembler.MissingChunks().Count);
        Assert.False(File.Exists(assembler.PackagePath));
    }

    [Fact]
    public void Complete_WithChunksMissing_SaysHowMany()
    {
        using var assembler = ChunkAssembler.Open(Download, _manifest);

        var ex = Assert.Throws<InvalidOperationException>(() => assembler.Complete());

        Assert.Contains($"{_manifest.ChunkCount} of {_manifest.ChunkCount} chunks are still missing", ex.Message);
    }

    [Fact]
    public void Open_SameDirectoryTwiceAtOnce_IsRefused()
    {
        using var first = ChunkAssembler.Open(Download, _manifest);

        var ex = Assert.Throws<InvalidOperationException>(() => ChunkAssembler.Open(Download, _manifest));

        Assert.Contains("in use", ex.Message);
    }

    public void Dispose() => _dir.Dispose();
}
