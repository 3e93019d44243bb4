namespace DeepSeek.Edge.Agent.Ota;

/// <summary>PLACEHOLDER until the HTTP download lands.</summary>
internal sealed class HttpPackageSource
{
    public Task<string> DownloadAsync(Uri url, string sha256, long size, string directory, Func<long, long, Task> progress, CancellationToken cancellationToken) =>
        throw new NotSupportedException("http sources are not wired yet");
}
