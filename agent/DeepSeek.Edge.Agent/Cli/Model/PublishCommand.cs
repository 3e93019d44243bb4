using DeepSeek.Edge.Distribution;
using System.CommandLine;
using System.Globalization;
using DeepSeek.Edge.Models.Packaging.Chunks;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// <c>ds-edge model publish --broker HOST[:PORT] [--prefix P] PACKAGE [--device ID | --group G] [--camera NAME] [--chunk-size BYTES] [--url URL]</c>:
/// publishes a package as a retained offer and retained chunks, then (with --device or --group) the retained desired state.
/// With --url the package is served over HTTP(S) and only the desired state is published (--device or --group required).
/// <c>ds-edge model publish --fleet URL --token-file FILE PACKAGE</c> instead uploads the package to the fleet console's registry
/// (the console publishes it to devices when a desired state or rollout names it).
/// Exit 0 when everything was acknowledged, 1 when the broker could not be reached or refused a message, 2 for bad input.
/// </summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var broker = new BrokerOptions(required: false);
        var fleet = new Option<string?>("--fleet") { Description = "Upload to this fleet console's registry (http(s)://HOST:PORT) instead of publishing to a broker" };
        var tokenFile = new Option<string?>("--token-file") { Description = "With --fleet: a file holding an operator's API token (ds-fleet token create)" };
        var device = new Option<string?>("--device") { Description = "Point this device's desired state at the model" };
        var group = new Option<string?>("--group") { Description = "Point this group's desired state at the model" };
        var camera = new Option<string?>("--camera") { Description = "Only this camera (default: every camera)" };
        var chunkSize = new Option<int>("--chunk-size") { Description = "Chunk size in bytes", DefaultValueFactory = _ => PackageChunker.DefaultChunkSize };
        var url = new Option<string?>("--url") { Description = "The package is served at this http(s) URL: publish no offer or chunks, only the desired state (needs --device or --group)" };
        var package = new Argument<string>("package") { Description = "Signed package zip" };
        var command = new Command("publish", "Publish a signed package over MQTT (retained offer and chunks) and, optionally, the desired state that selects it")
        {
            broker.Broker, broker.Prefix, fleet, tokenFile, device, group, camera, chunkSize, url, package,
        };
        command.Validators.Add(result =>
        {
            var toFleet = result.GetValue(fleet) is not null;
            if (toFleet == (result.GetValue(broker.Broker) is not null))
                result.AddError("give either --broker (publish over MQTT) or --fleet with --token-file (upload to the console's registry)");
            else if (toFleet && result.GetValue(tokenFile) is null)
                result.AddError("--fleet needs --token-file, a file holding an operator's API token (ds-fleet token create)");
            else if (toFleet && (result.GetValue(device) ?? result.GetValue(group) ?? result.GetValue(camera) ?? result.GetValue(url)) is not null)
                result.AddError("with --fleet, --device, --group, --camera and --url do not apply: set the desired state or start a rollout in the console");
        });
        command.SetAction((parse, cancellationToken) => Task.Run(() => ModelCliErrors.Run("publish", () =>
        {
            if (parse.GetValue(fleet) is { } address)
            {
                if (!Uri.TryCreate(address, UriKind.Absolute, out var console))
                    throw new ArgumentException($"--fleet \"{address}\" is not a URL of the console (e.g. https://fleet.example:8090)");
                var uploaded = new FleetUploadClient().UploadAsync(console, parse.GetValue(tokenFile)!, parse.GetValue(package)!, cancellationToken).GetAwaiter().GetResult();
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"uploaded {uploaded.Name}@{uploaded.Version} size {uploaded.Size} sha256 {uploaded.Sha256} to {console}"));
                return ExitCodes.Ok;
            }

            var (host, port, prefix) = broker.Read(parse);
            var request = new PublishRequest(parse.GetValue(package)!, host, port, prefix,
                parse.GetValue(device), parse.GetValue(group), parse.GetValue(camera), parse.GetValue(chunkSize), parse.GetValue(url));
            var result = new PublishClient(TimeProvider.System, Console.Error).PublishAsync(request, cancellationToken).GetAwaiter().GetResult();
            var delivery = result.SourceUrl is null
                ? string.Create(CultureInfo.InvariantCulture, $"chunks {result.ChunkCount}")
                : $"source {result.SourceUrl}";
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"published {result.Name}@{result.Version} size {result.PackageSize} sha256 {result.PackageSha256} {delivery}{(result.DesiredTopic is null ? string.Empty : " desired " + result.DesiredTopic)}"));
            return ExitCodes.Ok;
        }), cancellationToken));
        return command;
    }

    /// <summary>Splits <c>HOST</c> or <c>HOST:PORT</c> (default port 1883); see <see cref="ModelBroker.ParseAddress"/>.</summary>
    internal static (string Host, int Port) ParseBroker(string value) => ModelBroker.ParseAddress(value);
}
