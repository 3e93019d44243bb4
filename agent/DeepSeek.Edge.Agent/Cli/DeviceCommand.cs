using System.CommandLine;
using DeepSeek.Edge.Agent.Cli.Device;

namespace DeepSeek.Edge.Agent.Cli;

/// <summary><c>ds-edge device init …</c>: provisioning a board in one command.</summary>
internal static class DeviceCommand
{
    public static Command Create() => new("device", "Provision this board") { DeviceInitCommand.Create() };
}
