using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DeepSeek.Edge.Pipelines.Tests.Support;

/// <summary>
/// A real MJPEG-over-HTTP server (multipart/x-mixed-replace, as IP cameras serve it) on 127.0.0.1, that can be
/// stopped (the listener closes and every connection is cut) and started again on the same port.
/// </summary>
internal sealed class MjpegServer : IAsyncDisposable
{
    private readonly IReadOnlyList<byte[]> _jpegs;
    private readonly int _fps;
    private readonly bool _contentLength;
    private readonly ConcurrentDictionary<TcpClient, Task> _clients = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;
    private Task? _accepting;
    private int _connections;

    public MjpegServer(IReadOnlyList<byte[]> jpegs, int fps = 25, bool contentLength = true)
    {
        _jpegs = jpegs;
        _fps = fps;
        _contentLength = contentLength;
    }

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}/stream.mjpg";

    public int Connections => Volatile.Read(ref _connections);

    public void Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _stop = new CancellationTokenSource();
        _accepting = AcceptAsync(listener, _stop.Token);
    }

    public async Task StopAsync()
    {
        if (_listener is null) return;
        await _stop!.CancelAsync();
        _listener.Stop();
        foreach (var client in _clients.Keys) client.Dispose();
        await Task.WhenAll(_clients.Values.Append(_accepting!)).WaitAsync(TimeSpan.FromSeconds(10));
        _clients.Clear();
        _stop.Dispose();
        _listener = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _clients[client] = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                await ReadRequestAsync(stream, cancellationToken);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(
                    "HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=frame\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"), cancellationToken);
                for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
                {
                    var jpeg = _jpegs[i % _jpegs.Count];
                    var header = _contentLength
                        ? $"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: {jpeg.Length}\r\n\r\n"
                        : "--frame\r\nContent-Type: image/jpeg\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(header), cancellationToken);
                    await stream.WriteAsync(jpeg, cancellationToken);
                    await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
                    await Task.Delay(1000 / _fps, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // the server is stopping or the client went away
        }
    }

    private static async Task ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer, cancellationToken);
            if (n == 0) throw new IOException("the client closed before sending a request");
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
    }
}
