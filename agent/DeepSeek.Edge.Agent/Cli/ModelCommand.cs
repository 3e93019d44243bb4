using System.CommandLine;
using DeepSeek.Edge.Agent.Cli.Model;

namespace DeepSeek.Edge.Agent.Cli;

/// <summary><c>ds-edge model keygen|pack|sign|verify|publish|unpublish|gc</c>: the trainer-side tools for signed model packages.</summary>
internal static class ModelCommand
{
    public static Command Create() => new("model", "Make, sign, verify, publish and unpublish model packages (signing keys, deterministic zips, ES256 signatures, MQTT or HTTP delivery)")
    {
        KeygenCommand.Create(),
        PackCommand.Create(),
        SignCommand.Create(),
        VerifyCommand.Create(),
        PublishCommand.Create(),
        UnpublishCommand.Create(),
        GcCommand.Create(),
    };
}
