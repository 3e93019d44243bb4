using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DeepSeek.Edge.Bench;

/// <summary>
/// A mosquitto for the over-the-air bench: a free loopback port, a config in a temp directory (no persistence, no limit on queued
/// messages, packets up to one chunk plus headers), stopped by its PID on Dispose, also when the bench fails.
/// </summary>
internal sealed class BenchBroker : IDisposable
{
    private readonly string _directory;
    private Process? _process;

    private BenchBroker(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static BenchBroker Start(int maxPacketBytes)
    {
        var directory = Directory.CreateTempSubdirectory("dsedge-bench-mosquitto-").FullName;
        var broker = new BenchBroker(directory, FreePort());
        try
        {
            var config = Path.Combine(directory, "mosquitto.conf");
            File.WriteAllLines(config,
            [
                "per_listener_settings false",
                "allow_anonymous true",
                "persistence false",
                "max_queued_messages 0",
                string.Create(CultureInfo.InvariantCulture, $"max_packet_size {maxPacketBytes}"),
                .. Environment.UserName == "root" ? ["user root"] : Array.Empty<string>(),
                $"log_dest file {Path.Combine(directory, "mosquitto.log")}",
                string.Create(CultureInfo.InvariantCulture, $"listener {broker.Port} 127.0.0.1"),
            ]);
            var executable = File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";
            broker._process = Process.Start(new ProcessStartInfo(executable, ["-c", config]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })
                ?? throw new InvalidOperationException("could not start mosquitto; install it (packaging/dev/setup.sh does)");
            broker._process.OutputDataReceived += (_, _) => { };
            broker._process.ErrorDataReceived += (_, _) => { };
            broker._process.BeginOutputReadLine();
            broker._process.BeginErrorReadLine();
            var deadline = Stopwatch.StartNew();
            while (!IsListening(broker.Port))
            {
                if (broker._process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
                    throw new InvalidOperationException($"mosquitto did not listen on port {broker.Port}: {broker.Log()}");
                Thread.Sleep(20);
            }

            return broker;
        }
        catch
        {
            broker.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_process is { } process)
        {
            _process = null;
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Log()
    {
        var path = Path.Combine(_directory, "mosquitto.log");
        return File.Exists(path) ? File.ReadAllText(path) : "(no log)";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
