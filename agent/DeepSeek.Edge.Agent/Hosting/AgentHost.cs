using System.Device.Gpio;
using DeepSeek.Edge.Agent.Cameras;
using DeepSeek.Edge.Agent.Commands;
using DeepSeek.Edge.Agent.Configuration;
using DeepSeek.Edge.Agent.Gpio;
using DeepSeek.Edge.Agent.Health;
using DeepSeek.Edge.Agent.Http;
using DeepSeek.Edge.Agent.Metrics;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Agent.Ota;
using DeepSeek.Edge.Agent.Outbox;
using DeepSeek.Edge.Agent.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>Composes the agent: options validated at start, the MQTT link and outbox, cameras, telemetry, commands, GPIO, status endpoint, systemd.</summary>
public static class AgentHost
{
    private static bool WritesToJournal => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM"));

    /// <param name="config">The configuration (<see cref="AgentConfiguration.Build"/>).</param>
    /// <param name="replace">Registrations that replace the agent's own, e.g. an in-memory GPIO driver on a board without one.</param>
    public static IHost Build(IConfigurationRoot config, Action<IServiceCollection>? replace = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (ConfigurationCheck.Problems(config) is { Count: > 0 } problems)
            throw new InvalidDataException("invalid configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory, // under systemd the working directory is not the install directory
        });
        builder.Configuration.AddConfiguration(config);
        // READY, STOPPING, STATUS and WATCHDOG go through SystemdNotifications whenever NOTIFY_SOCKET is set (IsEnabled is false otherwise).
        builder.Services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
        var levelSwitch = new LogLevelSwitch(Enum.TryParse<LogLevel>(config["Logging:LogLevel:Default"], true, out var level) ? level : LogLevel.Information);
        // Standard output connected to the journal (systemd sets JOURNAL_STREAM): syslog priorities (<3> for errors) so that
        // `journalctl -p err` works, and no timestamps of our own; otherwise one readable line per event.
        if (WritesToJournal) builder.Logging.AddSystemdConsole();
        else builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        // The latest warnings and errors for the status page (registered before the providers are wrapped: its texts are masked too).
        builder.Services.AddSingleton(sp => new RecentProblems(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<ILoggerProvider>(sp => new RecentProblemsLoggerProvider(sp.GetRequiredService<RecentProblems>()));
        builder.Logging.AddFilter((category, l) => levelSwitch.IsEnabled(l) && (category is null || !category.StartsWith("Microsoft", StringComparison.Ordinal) || l >= LogLevel.Warning));
        RedactLogProviders(builder.Services);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new Liveness(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(levelSwitch);
        AddOptions(services, config);

        services.AddSingleton(sp => new CameraSettingsStore(Agent(sp).DataDirectory));
        services.AddSingleton(sp => Outbox.Outbox.Open(sp.GetRequiredService<IOptions<OutboxOptions>>().Value, sp.GetRequiredService<ILogger<Outbox.Outbox>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new MqttConnectionSupervisor(sp.GetRequiredService<IOptions<MqttLinkOptions>>().Value, sp.GetRequiredService<ILogger<MqttConnectionSupervisor>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Liveness>()));
        services.AddSingleton(sp => new OutboxForwarder(sp.GetRequiredService<Outbox.Outbox>(), sp.GetRequiredService<MqttConnectionSupervisor>(),
            sp.GetRequiredService<IOptions<OutboxOptions>>().Value, sp.GetRequiredService<ILogger<OutboxForwarder>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Liveness>()));
        services.AddSingleton(sp => new DeviceHealthCollector(sp.GetRequiredService<IOptions<HealthOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DeviceHealthCollector>>()));
        AddGpio(services);
        services.AddSingleton(sp => new CameraManager(
            sp.GetRequiredService<IOptions<AgentOptions>>(), sp.GetRequiredService<CameraSettingsStore>(), sp.GetRequiredService<Outbox.Outbox>(),
            sp.GetRequiredService<MqttConnectionSupervisor>(), sp.GetRequiredService<LogLevelSwitch>(),
            path => AgentConfiguration.Resolve(config, path), sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<GpioSignals>(), sp.GetRequiredService<DeviceModelStore>().OpenActive, sp.GetRequiredService<Liveness>()));
        services.AddSingleton<IAgentStatus>(sp => sp.GetRequiredService<CameraManager>());
        services.AddSingleton<ICommandTarget>(sp => sp.GetRequiredService<CameraManager>());
        services.AddSingleton(sp => new DeviceModelStore(sp.GetRequiredService<IOptions<OtaOptions>>().Value, OtaStoreDirectory(sp, config),
            sp.GetRequiredService<ILogger<DeviceModelStore>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ModelUpdater(sp.GetRequiredService<IOptions<OtaOptions>>().Value, sp.GetRequiredService<DeviceModelStore>(),
            sp.GetRequiredService<MqttConnectionSupervisor>(), sp.GetRequiredService<CameraManager>(), DataDirectory(config),
            sp.GetRequiredService<ILogger<ModelUpdater>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Liveness>()));
        // The gauges' sources are resolved at each scrape, so building the metrics opens nothing (the outbox, cameras) early.
        services.AddSingleton(sp => new AgentMetrics(config["Agent:DeviceId"] ?? new AgentOptions().DeviceId, AgentGauges.Track(
            () => sp.GetRequiredService<CameraManager>().ActiveModels(), () => sp.GetRequiredService<ModelUpdater>().UpdateStates(),
            () => sp.GetRequiredService<DeviceHealthCollector>().Latest())));
        services.AddSingleton(sp => new StatusDetail(Agent(sp).DeviceId, sp.GetRequiredService<CameraManager>(), sp.GetRequiredService<ModelUpdater>(),
            sp.GetRequiredService<MqttConnectionSupervisor>(), sp.GetRequiredService<Outbox.Outbox>(), sp.GetRequiredService<RecentProblems>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new CommandDispatcher(sp.GetRequiredService<ICommandTarget>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ModelUpdater>()));

        // Hosted services start in this order and stop in reverse.
        if (new MqttLinkOptions { Broker = config["Mqtt:Broker"] ?? "localhost" }.IsEmbedded)
            services.AddHostedService(sp => new EmbeddedBroker(sp.GetRequiredService<IOptions<MqttLinkOptions>>().Value, sp.GetRequiredService<ILogger<EmbeddedBroker>>()));
        services.AddHostedService(sp => sp.GetRequiredService<MqttConnectionSupervisor>());
        services.AddHostedService(sp => sp.GetRequiredService<OutboxForwarder>());
        services.AddHostedService(sp => sp.GetRequiredService<CameraManager>());
        services.AddHostedService(sp => new GpioTriggerService(sp.GetRequiredService<IOptions<GpioOptions>>().Value, sp.GetRequiredService<GpioController>,
            sp.GetRequiredService<CameraManager>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<GpioTriggers>>()));
        services.AddHostedService<CommandListener>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelUpdater>());
        services.AddHostedService<TelemetryPublisher>();
        services.AddHostedService<StatusServer>();
        services.AddHostedService<SystemdNotifications>();
        replace?.Invoke(services);
        var host = builder.Build();
        host.Services.GetRequiredService<AgentMetrics>(); // counting starts now, not at the first scrape
        return host;
    }

    private static string OtaStoreDirectory(IServiceProvider sp, IConfiguration config) =>
        sp.GetRequiredService<IOptions<OtaOptions>>().Value.StoreDirectory ?? Path.Combine(DataDirectory(config), "models");

    private static AgentOptions Agent(IServiceProvider sp) => sp.GetRequiredService<IOptions<AgentOptions>>().Value;

    private static void AddOptions(IServiceCollection services, IConfiguration config)
    {
        Bind<AgentOptions, AgentOptionsValidator>(services, AgentOptions.Section);
        Bind<MqttLinkOptions, SelfValidatingOptionsValidator<MqttLinkOptions>>(services, MqttLinkOptions.SectionName);
        Bind<OutboxOptions, SelfValidatingOptionsValidator<OutboxOptions>>(services, OutboxOptions.SectionName);
        Bind<GpioOptions, SelfValidatingOptionsValidator<GpioOptions>>(services, GpioOptions.SectionName);
        Bind<HealthOptions, SelfValidatingOptionsValidator<HealthOptions>>(services, HealthOptions.SectionName);
        Bind<OtaOptions, SelfValidatingOptionsValidator<OtaOptions>>(services, OtaOptions.SectionName);

        // One device id and one data directory, set in the Agent section, unless a section names its own.
        services.PostConfigure<MqttLinkOptions>(o =>
        {
            if (config["Mqtt:DeviceId"] is null) o.DeviceId = config["Agent:DeviceId"] ?? new AgentOptions().DeviceId;
            o.Groups = config.GetSection("Ota:Groups").Get<List<string>>() ?? [];
        });
        services.PostConfigure<AgentOptions>(o =>
        {
            if (o.Http.TokenFile is { } t) o.Http.TokenFile = AgentConfiguration.Resolve(config, t);
            if (o.CacheDirectory is { } c) o.CacheDirectory = AgentConfiguration.Resolve(config, c);
            if (!string.IsNullOrWhiteSpace(o.DataDirectory)) o.DataDirectory = DataDirectory(config); // relative to the file, as every section reads it
        });
        services.PostConfigure<OutboxOptions>(o => { if (config["Outbox:Directory"] is null) o.Directory = Path.Combine(DataDirectory(config), "outbox"); });
        services.PostConfigure<HealthOptions>(o => { if (config["Health:DataDirectory"] is null) o.DataDirectory = DataDirectory(config); });
        services.PostConfigure<OtaOptions>(o =>
        {
            // Paths are relative to the configuration file; PostConfigure runs before validation.
            o.TrustedKeys = o.TrustedKeys.Select(k => AgentConfiguration.Resolve(config, k)).ToList();
            o.StoreDirectory = o.StoreDirectory is { } s ? AgentConfiguration.Resolve(config, s) : Path.Combine(DataDirectory(config), "models");
            if (o.HttpsCaFile is { } ca) o.HttpsCaFile = AgentConfiguration.Resolve(config, ca);
        });
    }

    private static string DataDirectory(IConfiguration config) => config["Agent:DataDirectory"] is { } d ? AgentConfiguration.Resolve(config, d) : new AgentOptions().DataDirectory;

    private static void Bind<TOptions, TValidator>(IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().BindConfiguration(section, o => o.ErrorOnUnknownConfiguration = true).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }

    private static void AddGpio(IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GpioOptions>>().Value;
            return options.Enabled ? GpioControllerFactory.Create(options.Chip) : null!;
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GpioOptions>>().Value;
            return options.Enabled
                ? new GpioSignals(sp.GetRequiredService<GpioController>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<GpioSignals>>())
                : null!;
        });
    }

    /// <summary>Every logger provider registered so far is wrapped so that what it writes has its secrets masked.</summary>
    private static void RedactLogProviders(IServiceCollection services)
    {
        var providers = services.Where(d => d.ServiceType == typeof(ILoggerProvider)).ToList();
        foreach (var d in providers)
        {
            services.Remove(d);
            services.Add(ServiceDescriptor.Singleton<ILoggerProvider>(sp => new RedactingLoggerProvider(
                d.ImplementationInstance as ILoggerProvider
                ?? d.ImplementationFactory?.Invoke(sp) as ILoggerProvider
                ?? (ILoggerProvider)ActivatorUtilities.CreateInstance(sp, d.ImplementationType!))));
        }
    }
}
