using System.CommandLine;
using System.Text.Json;
using DeepSeek.Edge.Agent.Cli.Doctor;
using DeepSeek.Edge.Agent.Hosting;

namespace DeepSeek.Edge.Agent.Cli.Device;

/// <summary>
/// <c>ds-edge device init --id ID --broker HOST[:PORT] [--prefix P] [--ca F] [--cert F --key F] [--username U --password-file F]
/// [--group G]… [--trusted-key F]… [--config PATH] [--test-connection]</c>: writes the agent configuration for this board
/// (over the packaged one, keeping its cameras and other settings), validates it as the agent will before replacing the
/// file, writes it 0640 root:deepseek-edge, and can try the broker with exactly those settings.
/// Exit 0 written (and the broker accepted it), 1 written but the broker test failed, 2 bad input (nothing written).
/// </summary>
internal static class DeviceInitCommand
{
    public static Command Create()
    {
        var id = new Option<string>("--id") { Description = "Device id: in every topic, unique in the fleet (a cloned image must not keep its host name)", Required = true };
        var broker = new Option<string>("--broker") { Description = "MQTT broker, HOST or HOST:PORT (1883; 8883 is usual with TLS)", Required = true };
        var prefix = new Option<string?>("--prefix") { Description = "Topic prefix (default dsedge)" };
        var ca = new Option<string?>("--ca") { Description = "CA certificate (PEM) of the broker: turns TLS on" };
        var cert = new Option<string?>("--cert") { Description = "Client certificate (PEM) for mutual TLS: turns TLS on" };
        var key = new Option<string?>("--key") { Description = "Private key (PEM) of --cert" };
        var username = new Option<string?>("--username") { Description = "MQTT user name" };
        var passwordFile = new Option<string?>("--password-file") { Description = "File holding the MQTT password (kept out of the configuration)" };
        var groups = new Option<string[]>("--group") { Description = "A device group whose desired state this board follows (repeat for several)", AllowMultipleArgumentsPerToken = false };
        var trustedKeys = new Option<string[]>("--trusted-key") { Description = "Public key (PEM) models must be signed with (repeat for several): turns over-the-air updates on" };
        var config = new Option<string?>("--config") { Description = $"Configuration to write (default {AgentConfiguration.DefaultPath})" };
        var test = new Option<bool>("--test-connection") { Description = "Connect to the broker with these settings after writing" };
        var command = new Command("init", "Write this board's configuration: device id, broker, credentials, groups, trusted keys")
        {
            id, broker, prefix, ca, cert, key, username, passwordFile, groups, trustedKeys, config, test,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = Path.GetFullPath(parse.GetValue(config) ?? AgentConfiguration.DefaultPath);
            var settings = new DeviceSettings(parse.GetValue(id)!, parse.GetValue(broker)!, parse.GetValue(prefix), parse.GetValue(ca), parse.GetValue(cert),
                parse.GetValue(key), parse.GetValue(username), parse.GetValue(passwordFile), parse.GetValue(groups) ?? [], parse.GetValue(trustedKeys) ?? []);
            try
            {
                var document = DeviceConfigFile.Apply(DeviceConfigFile.Read(path), settings);
                var problems = await DeviceConfigFile.WriteValidatedAsync(path, document, cancellationToken).ConfigureAwait(false);
                if (problems.Count > 0)
                {
                    foreach (var p in problems) CliError.Write("device init", p);
                    CliError.Write("device init", $"{path} was left as it was");
                    return ExitCodes.BadInput;
                }
            }
            catch (Exception e) when (e is ArgumentException or JsonException or IOException or UnauthorizedAccessException)
            {
                CliError.Write("device init", e.Message);
                return ExitCodes.BadInput;
            }

            Console.Out.WriteLine($"wrote {path}: device {settings.Id}, broker {settings.BrokerShown}{(settings.UsesTls ? " (TLS)" : "")}" +
                (settings.Groups.Length > 0 ? $", groups {string.Join(", ", settings.Groups)}" : "") +
                (settings.TrustedKeys.Length > 0 ? $", {settings.TrustedKeys.Length} trusted key(s): over-the-air updates on" : ", no trusted key: over-the-air updates off"));
            if (parse.GetValue(test))
            {
                var checks = await AgentChecks.RunAsync(path, cancellationToken).ConfigureAwait(false);
                var brokerCheck = checks.Single(c => c.Name == "broker");
                Console.Out.WriteLine($"broker: {brokerCheck.Found}{(brokerCheck.Fix is null ? "" : $"; fix: {brokerCheck.Fix}")}");
                if (brokerCheck.Status == DoctorStatus.Fail) return ExitCodes.Failure;
            }

            Console.Out.WriteLine("start or restart the agent to use it: systemctl restart deepseek-edge");
            return ExitCodes.Ok;
        });
        return command;
    }
}
