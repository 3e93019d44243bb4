using DeepSeek.Edge.Distribution;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Cli.Model;
using DeepSeek.Edge.Agent.Commands;
using DeepSeek.Edge.Models.Naming;
using MQTTnet;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.Agent.Cli;

/// <summary>
/// <c>ds-edge command --broker HOST[:PORT] [--prefix P] DEVICE VERB [ARGS-JSON] [--timeout SECONDS]</c>: sends one command to a
/// device (MQTT 5 request/response on its <c>commands/VERB</c> topic, answered on a response topic of this call's own) and
/// prints the device's reply. Exit 0 when the device answered <c>ok</c>, 1 when it refused or did not answer in time, 2 for bad input.
/// </summary>
internal static class CommandCommand
{
    public static Command Create()
    {
        var broker = new BrokerOptions();
        var device = new Argument<string>("device") { Description = "Device id" };
        var verb = new Argument<string>("verb") { Description = "ping, status, snapshot, set, restart-pipeline, log-level, rollback (docs/protocol.md)" };
        var args = new Argument<string?>("args") { Description = "The command's arguments as a JSON object, e.g. {\"camera\":\"door\",\"enabled\":false}", Arity = ArgumentArity.ZeroOrOne };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the answer", DefaultValueFactory = _ => 10 };
        var command = new Command("command", "Send a command to a device and print its answer") { broker.Broker, broker.Prefix, timeout, device, verb, args };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (id, name) = (parse.GetValue(device)!, parse.GetValue(verb)!);
            JsonObject arguments;
            try
            {
                if (!SafeName.IsValid(id)) throw new ArgumentException($"device \"{id}\" is not a device id (letters, digits, '.', '_', '-')");
                if (!SafeName.IsValid(name)) throw new ArgumentException($"verb \"{name}\" is not a command name");
                if (parse.GetValue(timeout) is <= 0 or > 3600) throw new ArgumentException("--timeout must be more than 0 and at most 3600 seconds");
                arguments = parse.GetValue(args) is { } json
                    ? JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("the arguments must be a JSON object, e.g. {\"camera\":\"door\"}")
                    : [];
            }
            catch (Exception e) when (e is ArgumentException or JsonException)
            {
                CliError.Write("command", e.Message);
                return ExitCodes.BadInput;
            }

            var (host, port, prefix) = broker.Read(parse);
            try
            {
                var answer = await RequestAsync(host, port, $"{prefix}/devices/{id}", name, arguments, TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellationToken).ConfigureAwait(false);
                if (answer is null)
                {
                    CliError.Write("command", $"no answer from {id} within {parse.GetValue(timeout):0.#} s; is it online? (retained {prefix}/devices/{id}/status)");
                    return ExitCodes.Failure;
                }

                Console.Out.WriteLine(answer.ToJsonString());
                return answer["ok"]?.GetValue<bool>() == true ? ExitCodes.Ok : ExitCodes.Failure;
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or IOException)
            {
                CliError.Write("command", $"broker {host}:{port}: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    /// <summary>The device's answer, or null when none came within <paramref name="timeout"/>.</summary>
    private static async Task<JsonObject?> RequestAsync(
        string host, int port, string deviceTopic, string verb, JsonObject arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = await ModelBroker.ConnectAsync(host, port, "command", cancellationToken).ConfigureAwait(false);
        var correlation = Guid.NewGuid().ToByteArray();
        var responseTopic = $"{deviceTopic}/responses/cli-{Convert.ToHexString(correlation)[..12].ToLowerInvariant()}";
        var answer = new TaskCompletionSource<JsonObject?>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Topic == responseTopic && e.ApplicationMessage.CorrelationData is { } c && c.AsSpan().SequenceEqual(correlation))
            {
                try
                {
                    answer.TrySetResult(JsonNode.Parse(Encoding.UTF8.GetString(e.ApplicationMessage.Payload)) as JsonObject);
                }
                catch (JsonException)
                {
                    answer.TrySetResult(new JsonObject { ["ok"] = false, ["error"] = "the device answered something that is not JSON" });
                }
            }

            return Task.CompletedTask;
        };
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(responseTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken).ConfigureAwait(false);
        var request = new CommandRequest(arguments);
        await ModelBroker.SendAsync(client, new MqttApplicationMessageBuilder()
            .WithTopic($"{deviceTopic}/commands/{verb}")
            .WithPayload(ProtocolJson.Write(request))
            .WithContentType("application/json")
            .WithResponseTopic(responseTopic)
            .WithCorrelationData(correlation)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), cancellationToken).ConfigureAwait(false);
        try
        {
            return await answer.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            await ModelBroker.DisconnectAsync(client, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
