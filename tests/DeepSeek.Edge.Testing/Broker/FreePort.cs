using System.Net;
using System.Net.Sockets;

namespace DeepSeek.Edge.Testing.Broker;

public static class FreePort
{
    /// <summary>A loopback TCP port that was free a moment ago (the caller retries if another process takes it first).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsListening(int port)
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
