using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DeepSeek.Edge.Fleet.Auth;
using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Fleet.Hosting;
using DeepSeek.Edge.Fleet.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>A real console (the same host as <c>ds-fleet serve</c>) on a free port, its data in a temp directory, against a real broker; an admin token for the API.</summary>
public sealed class FleetConsole : IFleetApi, IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly bool _ownsData;

    private FleetConsole(WebApplication app, FleetOptions options, TempDirectory data, HttpClient http, bool ownsData)
    {
        _ownsData = ownsData;
        _app = app;
        Options = options;
        Data = data;
        Http = http;
    }

    public const string AdminPassword = "correct-horse-battery";

    public FleetOptions Options { get; }
    public TempDirectory Data { get; }
    public HttpClient Http { get; }

    public FleetDatabase Database => _app.Services.GetRequiredService<FleetDatabase>();

    public T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <param name="broker">The mosquitto the console connects to, or null: its own embedded broker on a free port (<see cref="Options"/>).</param>
    /// <param name="database">A connection string (PostgreSQL from <see cref="StorageEngines"/>), or null: SQLite in the data directory.</param>
    public static async Task<FleetConsole> StartAsync(MosquittoBroker? broker, IReadOnlyList<string>? trustedKeys = null, TempDirectory? data = null, string? database = null)
    {
        var ownsData = data is null;
        data ??= new TempDirectory("dsfleet");
        var port = FreePort.Next();
        var options = new FleetOptions
        {
            DataDirectory = data.Path,
            Database = database,
            Listen = $"http://127.0.0.1:{port}",
            Broker = broker is null ? "embedded" : $"127.0.0.1:{broker.Port}",
            EmbeddedBrokerPort = broker is null ? FreePort.Next() : 1883,
            ClientId = "ds-fleet-test-" + Guid.NewGuid().ToString("N")[..8],
            TrustedKeys = trustedKeys?.ToList() ?? [],
            TickSeconds = 0.5,
            AdminPasswordFile = data.File("admin-password"),
        };
        if (!File.Exists(options.AdminPasswordFile)) File.WriteAllText(options.AdminPasswordFile, AdminPassword);
        Assert.Empty(FleetConfig.Validate(options));
        var app = FleetHost.Build(options, []);
        await app.StartAsync();
        await app.Services.GetRequiredService<Mqtt.FleetBroker>().Connected.WaitAsync(TestTimeouts.Wait);
        var token = app.Services.GetRequiredService<Users>().CreateToken("admin", "test");
        var http = new HttpClient { BaseAddress = new Uri(options.Listen) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new FleetConsole(app, options, data, http, ownsData);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsData) Data.Dispose();
    }
}

/// <summary>A console the tests talk to over HTTP: in this process (<see cref="FleetConsole"/>) or a real <c>ds-fleet serve</c> (<see cref="FleetProcess"/>).</summary>
public interface IFleetApi
{
    HttpClient Http { get; }

    Task<JsonElement> GetJsonAsync(string path);
}
