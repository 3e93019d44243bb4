using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Protocol.Topics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Commands;

/// <summary>
/// Subscribes <c>&lt;prefix&gt;/devices/&lt;id&gt;/commands/+</c>, runs each request through the dispatcher and answers
/// on the request's MQTT 5 response topic with its correlation data (or on the device's responses topic).
/// </summary>
public sealed partial class CommandListener : IHostedService
{
    private readonly MqttConnectionSupervisor _link;
    private readonly CommandDispatcher _dispatcher;
    private readonly ILogger<CommandListener> _logger;

    public CommandListener(MqttConnectionSupervisor link, CommandDispatcher dispatcher, ILogger<CommandListener> logger)
    {
        _link = link;
        _dispatcher = dispatcher;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken) =>
        _link.SubscribeAsync(_link.Topics.CommandsFilter, HandleAsync, MessageLane.Commands, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task HandleAsync(MqttIncoming request, CancellationToken cancellationToken)
    {
        var verb = MqttTopics.LastLevel(request.Topic);
        var response = await _dispatcher.DispatchAsync(verb, request.Payload, cancellationToken).ConfigureAwait(false);
        if (response.Ok)
        {
            LogCommand(_logger, verb);
        }
        else
        {
            LogCommandFailed(_logger, verb, response.Error);
            CommandMetrics.CountFailure(verb);
        }

        if (request.ResponseTopic is not null)
        {
            await _link.RespondAsync(request, ProtocolJson.Write(response), cancellationToken).ConfigureAwait(false);
            return;
        }

        await _link.PublishAsync(new MqttOutgoing { Topic = _link.Topics.Responses, Payload = ProtocolJson.Write(response), CorrelationData = request.CorrelationData }, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 820, Level = LogLevel.Information, Message = "Command {Verb}: ok")]
    private static partial void LogCommand(ILogger logger, string verb);

    // A refused or failed command is the fleet asking for something this device did not do: a warning.
    [LoggerMessage(EventId = 821, Level = LogLevel.Warning, Message = "Command {Verb} failed: {Error}")]
    private static partial void LogCommandFailed(ILogger logger, string verb, string? error);
}
