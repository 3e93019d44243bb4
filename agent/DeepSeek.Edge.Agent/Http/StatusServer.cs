using DeepSeek.Edge.Agent.Configuration;
using DeepSeek.Edge.Agent.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepSeek.Edge.Agent.Http;

/// <summary>
/// The local HTTP endpoint (Kestrel, loopback by default): <c>/healthz</c>, <c>/status</c>, <c>/metrics</c>,
/// <c>/snapshot/&lt;camera&gt;.jpg</c>, <c>/stream/&lt;camera&gt;</c> (MJPEG) and a status page at <c>/</c>.
/// </summary>
public sealed partial class StatusServer : IHostedService, IAsyncDisposable
{
    private readonly AgentOptions _options;
    private readonly IAgentStatus _status;
    private readonly AgentMetrics _metrics;
    private readonly StatusDetail _detail;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<StatusServer> _logger;
    private WebApplication? _app;

    public StatusServer(IOptions<AgentOptions> options, IAgentStatus status, AgentMetrics metrics, StatusDetail detail, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options.Value;
        _status = status;
        _metrics = metrics;
        _detail = detail;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<StatusServer>();
    }

    /// <summary>The addresses Kestrel actually listens on (after a port 0 was resolved).</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Http.Enabled) return;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggerFactory);
        builder.WebHost.UseUrls(_options.Http.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries));
        _app = builder.Build();
        if (_options.Http.TokenFile is { } tokenFile) VideoTokenGate.Use(_app, File.ReadAllText(tokenFile).Trim()); // validated at start
        StatusEndpoints.Map(_app, _status, _detail, _metrics);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        Addresses = _app.Urls.ToArray();
        LogListening(_logger, string.Join(", ", Addresses));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Status endpoint listening on {Urls} (/, /healthz, /status, /metrics, /snapshot/<camera>.jpg, /stream/<camera>)")]
    private static partial void LogListening(ILogger logger, string urls);
}
