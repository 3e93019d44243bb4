using System.CommandLine;

namespace DeepSeek.Edge.Agent.Cli;

/// <summary>The <c>ds-edge</c> command line: one executable for the agent and every tool verb.</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("DeepSeek.Edge: edge inference runtime and device agent." + Environment.NewLine + Environment.NewLine +
            $"Exit codes: {ExitCodes.Ok} success, {ExitCodes.Failure} failure, {ExitCodes.BadInput} bad input (arguments, options, configuration, input files).")
        {
            AgentCommand.Create(),
            InferCommand.Create(),
            ProfileCommand.Create(),
            QuantizeCommand.Create(),
            ModelCommand.Create(),
            DoctorCommand.Create(),
            CommandCommand.Create(),
            DeviceCommand.Create(),
            ConfigCommand.Create(),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count == 0) return parse.InvokeAsync();

        // A mistyped verb or option is bad input: one line each, and where to look, never the whole help.
        foreach (var error in parse.Errors) Console.Error.WriteLine($"ds-edge: {error.Message}");
        Console.Error.WriteLine($"ds-edge: see '{string.Join(' ', ["ds-edge", .. CommandPath(parse.CommandResult), "--help"])}'");
        return Task.FromResult(ExitCodes.BadInput);
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new Stack<string>();
        for (var r = result; r?.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent) names.Push(r.Command.Name);
        return names;
    }
}
