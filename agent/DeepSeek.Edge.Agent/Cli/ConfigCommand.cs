using System.CommandLine;
using DeepSeek.Edge.Agent.Hosting;

namespace DeepSeek.Edge.Agent.Cli;

/// <summary><c>ds-edge config schema</c>: prints the JSON Schema of agent.json (docs/schemas/agent-config.v1.json).</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var schema = new Command("schema", "Print the JSON Schema of the agent configuration (for editors and CI checks of agent.json)");
        schema.SetAction(_ =>
        {
            Console.Out.Write(ConfigurationSchema.Write());
            return ExitCodes.Ok;
        });
        return new Command("config", "The agent configuration file") { schema };
    }
}
