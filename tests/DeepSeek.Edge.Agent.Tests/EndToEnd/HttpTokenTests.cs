using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Agent.Http;
using DeepSeek.Edge.Agent.Tests.Broker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>A status endpoint that listens beyond loopback shows camera video only to a request with the token.</summary>
public sealed class HttpTokenTests : IDisposable
{
    private const string Token = "5b1c0e6f2a9d4c7e8f30a1b2";
    private readonly TempDirectory _dir = new("dsedge-http-token");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Build_ListenerBeyondLoopbackWithoutToken_IsRefusedNamingTheKey()
    {
        var config = Config(port: 1, tokenFile: null);
        using var host = AgentHost.Build(AgentConfiguration.Build(config, []));

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("Agent:Http:TokenFile", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_WithToken_VideoNeedsItButHealthAndMetricsStayOpen()
    {
        using var broker = MosquittoBroker.Start();
        File.WriteAllText(Path.Combine(_dir.Path, "http-token"), Token + "\n");
        using var host = AgentHost.Build(AgentConfiguration.Build(Config(broker.Port, "http-token"), []));
        await host.StartAsync();
        try
        {
            var server = host.Services.GetServices<IHostedService>().OfType<StatusServer>().Single();
            var port = new Uri(server.Addresses[0]).Port;
            var cookies = new CookieContainer();
            using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TestTimeouts.Wait };

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
            using var refused = await http.GetAsync(new Uri("/snapshot/door.jpg", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("Agent:Http:TokenFile", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/status", UriKind.Relative))).StatusCode); // the page's detail (log lines) too
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/?token=wrong-token-of-some-length", UriKind.Relative))).StatusCode);

            var status = HttpStatusCode.Unauthorized;
            for (var deadline = DateTime.UtcNow + TestTimeouts.Wait; DateTime.UtcNow < deadline; await Task.Delay(100))
            {
                using var bearer = new HttpRequestMessage(HttpMethod.Get, new Uri("/snapshot/door.jpg", UriKind.Relative));
                bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
                status = (await http.SendAsync(bearer)).StatusCode;
                if (status != HttpStatusCode.NotFound) break; // 404 until the camera's first frame
            }

            Assert.Equal(HttpStatusCode.OK, status);

            using var login = await http.GetAsync(new Uri("/?token=" + Token, UriKind.Relative)); // a browser opening the page with the token
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode); // the cookie carries it now
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/status", UriKind.Relative))).StatusCode); // as the page's script sends it
            var jpeg = await http.GetByteArrayAsync(new Uri("/snapshot/door.jpg", UriKind.Relative));
            Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private string Config(int port, string? tokenFile)
    {
        var path = AgentConfigFile.Write(_dir.Path, "token-" + Guid.NewGuid().ToString("N")[..6], port, http: true);
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        var http = config["Agent"]!["Http"]!;
        http["Urls"] = "http://0.0.0.0:0";
        if (tokenFile is not null) http["TokenFile"] = tokenFile;
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }
}
