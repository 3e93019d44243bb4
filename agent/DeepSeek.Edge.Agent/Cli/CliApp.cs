using System.CommandLine;

namespace DeepSeek.Edge.Agent.Cli;

/// <summary>The <c>ds-edge</c> command line: one executable for the agent and every tool verb.</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("DeepSeek.Edge: edge inference runtime and device agent")
        {
            AgentCommand.Create(),
            InferCommand.Create(),
            ProfileCommand.Create(),
            QuantizeCommand.Create(),
            ModelCommand.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
