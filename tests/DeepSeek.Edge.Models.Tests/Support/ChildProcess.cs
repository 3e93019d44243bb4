using System.Diagnostics;
using DeepSeek.Edge.Models.Packaging.Chunks;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Models.Tests.Support;

/// <summary>
/// Entry point of this assembly when crash tests run it as a child process (<c>dotnet DeepSeek.Edge.Models.Tests.dll MODE ...</c>)
/// and kill it with SIGKILL, at a random instant or at a named step. The test runner itself never calls it.
/// </summary>
internal static class ChildProcess
{
    public const string Ready = "ready";
    public const string Done = "done";

    public static int Main(string[] args)
    {
        if (args.Length == 0) return 2;
        switch (args[0])
        {
            case "install" when args.Length is 5 or 6:
                Install(args[1], args[2], args[3], args[4], args.Length == 6 ? args[5] : null);
                return 0;
            case "assemble" when args.Length == 4:
                Assemble(args[1], args[2], args[3]);
                return 0;
            default:
                Console.Error.WriteLine("usage: install ROOT TRUSTED.pem PACKAGE CAMERA [CRASH-STEP] | assemble DIR CHUNKS.json PACKAGE");
                return 2;
        }
    }

    /// <summary>Stage, activate and collect garbage, the way the agent installs an update; dies at <paramref name="crashAt"/> if given.</summary>
    private static void Install(string root, string trusted, string package, string camera, string? crashAt)
    {
        using var store = ModelStore.Open(root, TrustedKeys.Load(trusted), new ModelStoreOptions { KeepPreviousVersions = 0 });
        store.CrashPoint = step =>
        {
            if (step == crashAt) Process.GetCurrentProcess().Kill();
        };
        Console.Out.WriteLine(Ready);
        Console.Out.Flush();
        var staged = store.Stage(package);
        store.Activate(camera, staged.Model);
        store.CollectGarbage();
        Console.Out.WriteLine(Done);
    }

    /// <summary>Writes the missing chunks of a package in a shuffled order.</summary>
    private static void Assemble(string directory, string chunkManifest, string package)
    {
        var manifest = ChunkManifest.Parse(File.ReadAllBytes(chunkManifest));
        using var assembler = ChunkAssembler.Open(directory, manifest);
        Console.Out.WriteLine(Ready);
        Console.Out.Flush();
        var missing = assembler.MissingChunks().ToArray();
        Random.Shared.Shuffle(missing);
        foreach (var index in missing)
            assembler.WriteChunkAsync(index, PackageChunker.ReadChunk(package, manifest, index)).AsTask().GetAwaiter().GetResult();
        Console.Out.WriteLine(Done);
    }
}
