using System.CommandLine;
using System.Globalization;
using DeepSeek.Edge.Models.Packaging.Chunks;
using MQTTnet.Exceptions;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// <c>ds-edge model publish --broker HOST[:PORT] [--prefix P] PACKAGE [--device ID | --group G] [--camera NAME] [--chunk-size BYTES]</c>:
/// publishes a package as a retained offer and retained chunks, then (with --device or --group) the retained desired state.
/// Exit 0 when everything was acknowledged, 1 when the broker could not be reached or refused a message, 2 for bad input.
/// </summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var broker = new Option<string>("--broker") { Description = "MQTT broker, HOST or HOST:PORT (default port 1883)", Required = true };
        var prefix = new Option<string>("--prefix") { Description = "Topic prefix", DefaultValueFactory = _ => "dsedge" };
        var device = new Option<string?>("--device") { Description = "Point this device's desired state at the model" };
        var group = new Option<string?>("--group") { Description = "Point this group's desired state at the model" };
        var camera = new Option<string?>("--camera") { Description = "Only this camera (default: every camera)" };
        var chunkSize = new Option<int>("--chunk-size") { Description = "Chunk size in bytes", DefaultValueFactory = _ => PackageChunker.DefaultChunkSize };
        var package = new Argument<string>("package") { Description = "Signed package zip" };
        var command = new Command("publish", "Publish a signed package over MQTT (retained offer and chunks) and, optionally, the desired state that selects it")
        {
            broker, prefix, device, group, camera, chunkSize, package,
        };
        command.SetAction((parse, cancellationToken) => Task.Run(() => ModelCliErrors.Run("publish", () =>
        {
            var (host, port) = ParseBroker(parse.GetValue(broker)!);
            var request = new PublishRequest(parse.GetValue(package)!, host, port, parse.GetValue(prefix)!,
                parse.GetValue(device), parse.GetValue(group), parse.GetValue(camera), parse.GetValue(chunkSize));
            try
            {
                var result = new PublishClient(TimeProvider.System, Console.Error).PublishAsync(request, cancellationToken).GetAwaiter().GetResult();
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"published {result.Name}@{result.Version} size {result.PackageSize} sha256 {result.PackageSha256} chunks {result.ChunkCount}{(result.DesiredTopic is null ? string.Empty : " desired " + result.DesiredTopic)}"));
                return ExitCodes.Ok;
            }
            catch (MqttCommunicationException ex)
            {
                Console.Error.WriteLine($"ds-edge model publish: failed: {ex.Message}");
                return ExitCodes.Failure;
            }
        }), cancellationToken));
        return command;
    }

    internal static (string Host, int Port) ParseBroker(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        var colon = value.LastIndexOf(':');
        if (colon < 0) return (value, 1883);
        if (colon == 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new ArgumentException($"--broker \"{value}\" is not HOST or HOST:PORT");
        return (value[..colon], port);
    }
}
