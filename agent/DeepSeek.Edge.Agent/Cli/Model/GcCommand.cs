using System.CommandLine;
using System.Globalization;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// <c>ds-edge model gc --broker HOST[:PORT] [--prefix P] --name N --keep K [--dry-run]</c>: keeps the newest K published versions
/// of a model and every version a desired-state document selects, and unpublishes the rest. One line per version on standard
/// output: <c>kept N@V (…)</c>, <c>removed N@V (…)</c> or, with --dry-run, <c>would remove N@V (…)</c>.
/// </summary>
internal static class GcCommand
{
    public static Command Create()
    {
        var broker = new BrokerOptions();
        var name = new Option<string>("--name") { Description = "Model name", Required = true };
        var keep = new Option<int>("--keep") { Description = "How many of the newest versions to keep (dotted numeric order when every version is numeric, else ordinal)", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only print what would be kept and removed" };
        var command = new Command("gc", "Unpublish old versions of a model: keep the newest K and every version a desired state selects")
        {
            broker.Broker, broker.Prefix, name, keep, dryRun,
        };
        command.SetAction((parse, cancellationToken) => Task.Run(() => ModelCliErrors.Run("gc", () =>
        {
            var (host, port, prefix) = broker.Read(parse);
            var request = new GcRequest(host, port, prefix, parse.GetValue(name)!, parse.GetValue(keep), parse.GetValue(dryRun));
            var decisions = new GcClient(Console.Error).CollectAsync(request, d => Console.Out.WriteLine(Describe(d, request)), cancellationToken).GetAwaiter().GetResult();
            if (decisions.Count == 0) Console.Error.WriteLine($"ds-edge model gc: no retained offer of {request.Name} under {prefix}/models/{request.Name}/; nothing to do");
            return ExitCodes.Ok;
        }), cancellationToken));
        return command;
    }

    internal static string Describe(GcDecision decision, GcRequest request)
    {
        var id = $"{decision.Offered.Name}@{decision.Offered.Version}";
        if (!decision.Keep)
            return string.Create(CultureInfo.InvariantCulture, $"{(request.DryRun ? "would remove" : "removed")} {id} (offer and {decision.Offered.ChunkCount} chunks)");
        var reasons = new List<string>();
        if (decision.IsNewest) reasons.Add(string.Create(CultureInfo.InvariantCulture, $"one of the newest {request.Keep}"));
        if (decision.SelectedBy.Count > 0) reasons.Add("selected by " + string.Join(", ", decision.SelectedBy));
        return $"kept {id} ({string.Join("; ", reasons)})";
    }
}
