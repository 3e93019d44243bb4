using DeepSeek.Edge.Fleet.Auth;
using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Fleet.Desired;
using DeepSeek.Edge.Fleet.Http;
using DeepSeek.Edge.Fleet.Ingest;
using DeepSeek.Edge.Fleet.Metrics;
using DeepSeek.Edge.Fleet.Mqtt;
using DeepSeek.Edge.Fleet.Registry;
using DeepSeek.Edge.Fleet.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet.Server;

namespace DeepSeek.Edge.Fleet.Hosting;

/// <summary>Builds the console: database (migrated), broker link, ingest, registry, desired state, the API and the UI.</summary>
public static class FleetHost
{
    public static WebApplication Build(FleetOptions options, string[] args)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Listen);
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
        builder.Services.AddSingleton(options);
        builder.Services.AddFleetOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => new FleetDatabase(options.DatabaseConnectionString));
        builder.Services.AddSingleton<FleetCounters>();
        builder.Services.AddSingleton<FleetBroker>();
        builder.Services.AddSingleton<DesiredStateMirror>();
        builder.Services.AddSingleton<IngestService>();
        builder.Services.AddSingleton<CommandRelay>();
        builder.Services.AddSingleton<Captures.CaptureImages>();
        builder.Services.AddSingleton<Captures.CaptureRetention>();
        builder.Services.AddSingleton<Rollouts.RolloutReports>();
        builder.Services.AddSingleton<Captures.CaptureIngest>();
        builder.Services.AddSingleton<Captures.CaptureQueries>();
        builder.Services.AddSingleton<Captures.DatasetExporter>();
        builder.Services.AddSingleton<Captures.ModelQuality>();
        builder.Services.AddSingleton(sp => new IngestApplier(options.TopicPrefix, sp.GetRequiredService<Captures.CaptureIngest>(),
            sp.GetRequiredService<CommandRelay>().Complete));
        builder.Services.AddSingleton<IngestWriter>();
        builder.Services.AddSingleton<FleetGauges>();
        builder.Services.AddSingleton<Users>();
        builder.Services.AddSingleton<ModelRegistry>();
        builder.Services.AddSingleton<ModelDistributor>();
        builder.Services.AddSingleton<DesiredStateService>();
        builder.Services.AddSingleton<DeviceQueries>();
        builder.Services.AddSingleton<Leadership>();
        builder.Services.AddSingleton<Retention>();
        builder.Services.AddSingleton<Rollouts.RolloutController>();
        if (options.Broker == "embedded") builder.Services.AddHostedService(_ => new EmbeddedMqtt(options.EmbeddedBrokerPort));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IngestService>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FleetBroker>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IngestWriter>());
        builder.Services.AddHostedService<ControlLoop>();
        builder.Services.AddHostedService<RetentionLoop>();

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ds-fleet");
        Directory.CreateDirectory(options.DataDirectory);
        var database = app.Services.GetRequiredService<FleetDatabase>();
        try
        {
            database.Migrate(logger);
        }
        catch (System.Data.Common.DbException ex)
        {
            ((IDisposable)app).Dispose();
            throw new FleetConfigException($"Database: the {database.Engine} database cannot be opened or migrated ({ex.Message}); check the Database setting, that the server runs and that the user may create tables");
        }

        FirstAdmin(app.Services.GetRequiredService<Users>(), options, logger);
        var web = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(web))
        {
            var files = new PhysicalFileProvider(web);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        }

        FleetApi.Map(app);
        CaptureEndpoints.Map(app);
        EventStreamApi.Map(app);
        app.MapFleetOpenApi();
        return app;
    }

    /// <summary>On the first start: an admin whose password is read from AdminPasswordFile, or generated and printed once.</summary>
    private static void FirstAdmin(Users users, FleetOptions options, ILogger logger)
    {
        if (users.Any()) return;
        var password = options.AdminPasswordFile is { } file ? File.ReadAllText(file).Trim() : Passwords.NewPassword();
        users.Add("admin", Role.Admin, password);
        if (options.AdminPasswordFile is null)
            Console.WriteLine($"ds-fleet: created user \"admin\" with password {password} (shown once; add users with ds-fleet user add)");
        else
            logger.LogInformation("created user \"admin\" with the password in {File}", options.AdminPasswordFile);
    }
}

/// <summary>MQTTnet's broker in-process for a single-box install (<c>"Broker": "embedded"</c>): retained messages and sessions in memory.</summary>
internal sealed class EmbeddedMqtt(int port) : IHostedService
{
    private MqttServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(port)
            .WithDefaultEndpointBoundIPAddress(System.Net.IPAddress.Loopback).WithDefaultEndpointBoundIPV6Address(System.Net.IPAddress.None)
            .WithPersistentSessions(true).WithMaxPendingMessagesPerClient(100_000).Build();
        _server = new MqttServerFactory().CreateMqttServer(options);
        await _server.StartAsync().ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null) return;
        await _server.StopAsync().ConfigureAwait(false);
        _server.Dispose();
    }
}
