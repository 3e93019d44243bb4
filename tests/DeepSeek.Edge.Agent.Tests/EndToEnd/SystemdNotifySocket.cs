using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// What systemd is to a <c>Type=notify</c> service: a Unix datagram socket whose path goes in <c>NOTIFY_SOCKET</c>. Keeps
/// every notification with the monotonic time it arrived.
/// </summary>
internal sealed class SystemdNotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly List<(long At, string Line)> _received = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    public SystemdNotifySocket(string directory)
    {
        Path = System.IO.Path.Combine(directory, "notify.sock");
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _reader = Task.Run(ReadAsync);
    }

    public string Path { get; }

    /// <summary>The environment systemd gives a service with <c>WatchdogSec</c> set to <paramref name="watchdog"/>.</summary>
    public Dictionary<string, string> Environment(TimeSpan watchdog) => new()
    {
        ["NOTIFY_SOCKET"] = Path,
        ["WATCHDOG_USEC"] = ((long)watchdog.TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Each assignment received (a datagram holds one or more <c>KEY=value</c> lines), oldest first.</summary>
    public IReadOnlyList<(long At, string Line)> Received
    {
        get
        {
            lock (_received) return [.. _received];
        }
    }

    public int Count(string line) => Received.Count(r => r.Line == line);

    public bool Has(string line) => Count(line) > 0;

    /// <summary>How long ago the last <paramref name="line"/> arrived; null if none did.</summary>
    public TimeSpan? SinceLast(string line) =>
        Received.LastOrDefault(r => r.Line == line) is { At: > 0 } last ? Stopwatch.GetElapsedTime(last.At) : null;

    public override string ToString() => string.Join(" | ", Received.Select(r => r.Line));

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _reader.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
        File.Delete(Path);
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[4096];
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            lock (_received)
            {
                foreach (var line in Encoding.UTF8.GetString(buffer, 0, length).Split('\n', StringSplitOptions.RemoveEmptyEntries)) _received.Add((now, line));
            }
        }
    }
}
