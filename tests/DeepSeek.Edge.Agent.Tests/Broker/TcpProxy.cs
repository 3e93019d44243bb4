using System.Net;
using System.Net.Sockets;

namespace DeepSeek.Edge.Agent.Tests.Broker;

/// <summary>
/// A loopback TCP relay between the agent and the broker that a test can cut. <see cref="Sever"/> closes both sockets of every
/// relayed connection without any MQTT DISCONNECT, which is what the broker sees when the agent's process dies or its network
/// goes away; while severed, new connections are closed at once.
/// </summary>
public sealed class TcpProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly Lock _gate = new();
    private readonly List<(TcpClient A, TcpClient B)> _pairs = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly long? _bytesPerSecond;
    private volatile bool _refusing;
    private long _bytesToClients;

    /// <param name="targetPort">The broker's port.</param>
    /// <param name="refusing">Start severed.</param>
    /// <param name="bytesPerSecond">Limits each direction of each connection to this rate (a slow link), or none.</param>
    public TcpProxy(int targetPort, bool refusing = false, long? bytesPerSecond = null)
    {
        _target = targetPort;
        _refusing = refusing;
        _bytesPerSecond = bytesPerSecond;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>Bytes relayed from the broker to the clients (what a device downloaded), over every connection so far.</summary>
    public long BytesToClients => Interlocked.Read(ref _bytesToClients);

    /// <summary>Cuts every relayed connection and refuses new ones until <see cref="Resume"/>.</summary>
    public void Sever()
    {
        _refusing = true;
        lock (_gate)
        {
            foreach (var (a, b) in _pairs)
            {
                a.Dispose();
                b.Dispose();
            }

            _pairs.Clear();
        }
    }

    public void Resume() => _refusing = false;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Sever();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_refusing)
            {
                client.Dispose();
                continue;
            }

            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_gate) _pairs.Add((client, upstream));
            _ = PumpAsync(client, upstream, toClient: false);
            _ = PumpAsync(upstream, client, toClient: true);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool toClient)
    {
        try
        {
            var buffer = new byte[16 * 1024];
            var source = from.GetStream();
            var target = to.GetStream();
            int n;
            while ((n = await source.ReadAsync(buffer)) > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, n));
                if (toClient) Interlocked.Add(ref _bytesToClients, n);
                if (_bytesPerSecond is { } rate) await Task.Delay(TimeSpan.FromSeconds(n / (double)rate)); // no credit saved up while idle
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
