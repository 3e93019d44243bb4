using DeepSeek.Edge.Models.Packaging.Chunks;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Tests.Support;

namespace DeepSeek.Edge.Models.Tests.Packaging;

/// <summary>A child process writes chunks and is killed with SIGKILL at random instants; every reopen resumes without losing a stored chunk.</summary>
public sealed class ChunkAssemblerCrashTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Assemble_KilledAtRandomInstants_ResumesWithoutRefetchingStoredChunks()
    {
        using var key = SigningKey.Generate();
        var package = TestModels.Pack(_dir.Path, key);
        var manifest = PackageChunker.Describe(package, ChunkManifest.MinChunkSize);
        var manifestPath = _dir.Combine("chunks.json");
        File.WriteAllBytes(manifestPath, manifest.ToJsonBytes());
        var download = _dir.Combine("download");
        var random = new Random(5);
        var stored = 0;

        for (var round = 0; round < 8 && stored < manifest.ChunkCount; round++)
        {
            using (var child = ChildRun.Start("assemble", download, manifestPath, package))
                child.KillAfter(TimeSpan.FromMilliseconds(random.Next(5, 120)));

            using var reopened = ChunkAssembler.Open(download, manifest);
            Assert.Equal(0, reopened.RejectedAtOpen);
            Assert.True(reopened.CompletedCount >= stored, $"round {round}: {reopened.CompletedCount} chunks stored, fewer than the {stored} before");
            stored = reopened.CompletedCount;
        }

        using var assembler = ChunkAssembler.Open(download, manifest);
        foreach (var i in assembler.MissingChunks())
            await assembler.WriteChunkAsync(i, PackageChunker.ReadChunk(package, manifest, i));

        Assert.Equal(File.ReadAllBytes(package), File.ReadAllBytes(assembler.Complete()));
    }

    public void Dispose() => _dir.Dispose();
}
