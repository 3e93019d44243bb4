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
    private volatile bool _refusing;

    public TcpProxy(int targetPort, bool refusing = false)
    {
        _target = targetPort;
        _refusing = refusing;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

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
            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
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
