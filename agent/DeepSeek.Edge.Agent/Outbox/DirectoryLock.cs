using Microsoft.Win32.SafeHandles;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>An exclusive lock on the outbox directory (the <c>lock</c> file, flock on Linux), released by the kernel if the process dies.</summary>
internal sealed class DirectoryLock : IDisposable
{
    private readonly SafeFileHandle _handle;

    private DirectoryLock(SafeFileHandle handle) => _handle = handle;

    public static DirectoryLock Acquire(string directory)
    {
        var path = Path.Combine(directory, "lock");
        try
        {
            return new DirectoryLock(File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"the outbox directory {directory} is in use by another outbox (process or instance); each agent needs its own Outbox:Directory", e);
        }
    }

    public void Dispose() => _handle.Dispose();
}
