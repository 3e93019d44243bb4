using System.CommandLine;
using System.Globalization;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// <c>ds-edge model unpublish --broker HOST[:PORT] [--prefix P] --name N --version V [--force]</c>: clears the retained offer and
/// chunks of one version. Exit 0 when the broker acknowledged every clear, 1 when it could not be reached or refused one, 2 when
/// the version is not published or (without --force) a desired-state document still selects it.
/// </summary>
internal static class UnpublishCommand
{
    public static Command Create()
    {
        var broker = new BrokerOptions();
        var name = new Option<string>("--name") { Description = "Model name", Required = true };
        var version = new Option<string>("--version") { Description = "Model version to remove", Required = true };
        var force = new Option<bool>("--force") { Description = "Remove it even while a device's or group's desired state selects it" };
        var command = new Command("unpublish", "Remove one published version from the broker (its retained offer, then its chunks)")
        {
            broker.Broker, broker.Prefix, name, version, force,
        };
        command.SetAction((parse, cancellationToken) => Task.Run(() => ModelCliErrors.Run("unpublish", () =>
        {
            var (host, port, prefix) = broker.Read(parse);
            var request = new UnpublishRequest(host, port, prefix, parse.GetValue(name)!, parse.GetValue(version)!, parse.GetValue(force));
            var result = new UnpublishClient(Console.Error).UnpublishAsync(request, cancellationToken).GetAwaiter().GetResult();
            if (result.StillSelectedBy.Count > 0)
                Console.Error.WriteLine($"ds-edge model unpublish: warning: removed although {string.Join(", ", result.StillSelectedBy)} still select it (--force)");
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"unpublished {result.Name}@{result.Version} offer and {result.ChunkCount} chunks"));
            return ExitCodes.Ok;
        }), cancellationToken));
        return command;
    }
}
