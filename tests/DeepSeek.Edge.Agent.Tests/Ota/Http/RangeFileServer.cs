using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Tests.Ota.Http;

/// <summary>What the server was asked and answered, one entry per request.</summary>
internal sealed record ServedRequest(string? Range, string? IfRange, int Status);

/// <summary>
/// A web server (Kestrel on 127.0.0.1, http or https) serving one file with Range, If-Range and ETag support, counting the
/// body bytes it actually sent, and misbehaving on demand: ignore Range, pause mid-body, answer 503 or any status, change the file.
/// </summary>
internal sealed class RangeFileServer : IAsyncDisposable
{
    public const string PackagePath = "/packages/model.zip";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<ServedRequest> _requests = new();
    private readonly Lock _gate = new();
    private byte[] _content;
    private int _version = 1;
    private long _bytesSent;
    private int _failNext;
    private long _pauseAfter = -1;

    private RangeFileServer(WebApplication app, byte[] content)
    {
        _app = app;
        _content = content;
    }

    /// <summary>The file's URL (with a query string, like a pre-signed object-store URL).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Body bytes written to the network, over every request.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public IReadOnlyList<ServedRequest> Requests => _requests.ToArray();

    /// <summary>Answer Range requests with 200 and the whole file.</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>Bytes sent after the file's end in every body, which then has no Content-Length (a server that sends too much).</summary>
    public int TrailingBytes { get; set; }

    /// <summary>Answer every request with this status and no body.</summary>
    public int? FixedStatus { get; set; }

    public string ETag
    {
        get
        {
            lock (_gate) return $"\"v{_version}\"";
        }
    }

    public static async Task<RangeFileServer> StartAsync(byte[] content, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (certificate is not null) builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null) listen.UseHttps(certificate);
        }));
        var app = builder.Build();
        var server = new RangeFileServer(app, content);
        app.Run(server.ServeAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server.Url = new Uri($"{address.Scheme}://127.0.0.1:{address.Port}{PackagePath}?X-Signature=secret-token");
        return server;
    }

    /// <summary>The next <paramref name="count"/> requests get 503 Service Unavailable.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

    /// <summary>The next request's body stops after <paramref name="bytes"/> bytes and the connection stays open until the client leaves.</summary>
    public void PauseNextAfter(long bytes) => Interlocked.Exchange(ref _pauseAfter, bytes);

    /// <summary>Publishes other content at the same URL, with a new ETag.</summary>
    public void Replace(byte[] content)
    {
        lock (_gate)
        {
            _content = content;
            _version++;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task ServeAsync(HttpContext context)
    {
        byte[] content;
        string etag;
        lock (_gate)
        {
            content = _content;
            etag = $"\"v{_version}\"";
        }

        var request = context.Request;
        var response = context.Response;
        var range = request.Headers.Range.Count > 0 ? request.Headers.Range.ToString() : null;
        var ifRange = request.Headers.IfRange.Count > 0 ? request.Headers.IfRange.ToString() : null;
        var status = Answer(content.Length, range, ifRange, etag, out var from);
        _requests.Enqueue(new ServedRequest(range, ifRange, status));
        response.StatusCode = status;
        if (status is not (200 or 206)) return;

        response.Headers.ETag = etag;
        response.Headers.AcceptRanges = "bytes";
        if (status == 206) response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {from}-{content.Length - 1}/{content.Length}");
        if (TrailingBytes > 0) content = [.. content, .. new byte[TrailingBytes]];
        else response.ContentLength = content.Length - from;
        var pauseAfter = Interlocked.Exchange(ref _pauseAfter, -1);
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            long sent = 0;
            for (var offset = from; offset < content.Length;)
            {
                if (pauseAfter >= 0 && sent >= pauseAfter) await Task.Delay(Timeout.Infinite, gone.Token);
                var length = (int)Math.Min(64 * 1024, content.Length - offset);
                if (pauseAfter >= 0) length = (int)Math.Min(length, pauseAfter - sent);
                await response.Body.WriteAsync(content.AsMemory((int)offset, length), gone.Token);
                await response.Body.FlushAsync(gone.Token);
                Interlocked.Add(ref _bytesSent, length);
                offset += length;
                sent += length;
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away (or the server is stopping).
        }
        catch (IOException)
        {
            // The client went away.
        }
    }

    private int Answer(long length, string? range, string? ifRange, string etag, out long from)
    {
        from = 0;
        if (Interlocked.Decrement(ref _failNext) >= 0) return 503;
        if (FixedStatus is { } fixedStatus) return fixedStatus;
        if (range is null || IgnoreRange || (ifRange is not null && ifRange != etag)) return 200;
        if (!range.StartsWith("bytes=", StringComparison.Ordinal) || !range.EndsWith('-')) return 200; // only "bytes=N-" is understood
        from = long.Parse(range["bytes=".Length..^1], CultureInfo.InvariantCulture);
        return from < length ? 206 : 416;
    }
}
