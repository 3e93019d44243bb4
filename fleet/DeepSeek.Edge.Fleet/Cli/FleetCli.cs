using DeepSeek.Edge.Distribution;
using System.CommandLine;
using DeepSeek.Edge.Fleet.Auth;
using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Fleet.Hosting;
using DeepSeek.Edge.Fleet.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepSeek.Edge.Fleet.Cli;

/// <summary><c>ds-fleet serve | user add | token create</c>. Exit 0 on success, 2 for a usage or configuration error, 1 otherwise.</summary>
public static class FleetCli
{
    public const int ConfigError = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var config = new Option<string?>("--config") { Description = "fleet.json (every key optional; docs/fleet.md)", Recursive = true };
        var root = new RootCommand("ds-fleet: the DeepSeek.Edge fleet console") { config };

        var serve = new Command("serve", "Run the console: ingest, registry, desired state, API and UI");
        serve.SetAction(async (parse, ct) => await Guard(async () =>
        {
            var options = FleetConfig.Load(parse.GetValue(config));
            await using var app = FleetHost.Build(options, []);
            await app.RunAsync(ct).ConfigureAwait(false);
            return 0;
        }).ConfigureAwait(false));

        var name = new Argument<string>("name") { Description = "User name" };
        var role = new Option<string>("--role") { Description = "viewer, operator or admin", DefaultValueFactory = _ => "viewer" };
        var passwordFile = new Option<string?>("--password-file") { Description = "A file holding the password; without it one is generated and printed" };
        var add = new Command("add", "Add a console user") { name, role, passwordFile };
        add.SetAction(parse => Guard(() =>
        {
            var users = UsersOf(parse.GetValue(config));
            var given = parse.GetValue(passwordFile);
            var password = given is null ? Passwords.NewPassword() : File.ReadAllText(given).Trim();
            users.Add(parse.GetValue(name)!, Users.ParseRole(parse.GetValue(role)!), password);
            Console.WriteLine(given is null ? $"user {parse.GetValue(name)} added; password {password} (shown once)" : $"user {parse.GetValue(name)} added");
            return Task.FromResult(0);
        }).GetAwaiter().GetResult());
        var user = new Command("user", "Console users") { add };

        var tokenUser = new Option<string>("--user") { Description = "Whose token (it acts with their role)", Required = true };
        var label = new Option<string?>("--label") { Description = "What the token is for (trainer, ci, …)" };
        var create = new Command("create", "Create an API token (printed once, stored hashed)") { tokenUser, label };
        create.SetAction(parse => Guard(() =>
        {
            Console.WriteLine(UsersOf(parse.GetValue(config)).CreateToken(parse.GetValue(tokenUser)!, parse.GetValue(label)));
            return Task.FromResult(0);
        }).GetAwaiter().GetResult());
        var token = new Command("token", "API tokens") { create };

        var count = new Option<int>("--devices") { Description = "How many devices", DefaultValueFactory = _ => 10 };
        var broker = new Option<string>("--broker") { Description = "HOST:PORT of the broker", DefaultValueFactory = _ => "127.0.0.1:1883" };
        var prefix = new Option<string>("--prefix") { Description = "Topic prefix", DefaultValueFactory = _ => "dsedge" };
        var group = new Option<string>("--group") { Description = "The group every device announces", DefaultValueFactory = _ => "sim" };
        var model = new Option<string>("--model") { Description = "The model the devices run", DefaultValueFactory = _ => "blazeface-front" };
        var version = new Option<string>("--version") { Description = "Its version at start", DefaultValueFactory = _ => "1.0.0" };
        var failing = new Option<string[]>("--fail-version") { Description = "A version the devices roll back (repeatable)", AllowMultipleArgumentsPerToken = true };
        var failureRate = new Option<double>("--failure-rate") { Description = "Share of devices (0-1) that roll back the --fail-version versions", DefaultValueFactory = _ => 1 };
        var slow = new Option<string[]>("--slow-version") { Description = "A version the devices run at 2 fps instead of 25 (repeatable; the rollout health gate judges it unhealthy)", AllowMultipleArgumentsPerToken = true };
        var interval = new Option<double>("--telemetry-s") { Description = "Seconds between telemetry samples per device", DefaultValueFactory = _ => 5 };
        var simulate = new Command("simulate", "Devices that speak contract 2 as the agent does (status and last will, telemetry, reported and model state, following desired state), for load and rollout tests")
            { count, broker, prefix, group, model, version, failing, failureRate, slow, interval };
        simulate.SetAction(async (parse, ct) => await Guard(async () =>
        {
            if (!BrokerAddress.TryParse(parse.GetValue(broker), out var address)) throw new ArgumentException($"--broker \"{parse.GetValue(broker)}\" is not HOST or HOST:PORT");
            var fails = parse.GetValue(failing)?.ToHashSet(StringComparer.Ordinal) ?? [];
            var rate = parse.GetValue(failureRate);
            var behaviours = (parse.GetValue(slow) ?? []).Distinct(StringComparer.Ordinal).ToDictionary(v => v, _ => new Simulation.SimulatedVersion(Fps: 2), StringComparer.Ordinal);
            var devices = new List<Simulation.SimulatedDevice>();
            try
            {
                for (var i = 0; i < parse.GetValue(count); i++)
                {
                    var device = new Simulation.SimulatedDevice(parse.GetValue(prefix)!, $"sim-{i:00000}", parse.GetValue(group)!, parse.GetValue(model)!, parse.GetValue(version)!,
                        (i % 1000) < rate * 1000 ? fails : null) { Versions = behaviours };
                    await device.StartAsync(address.Host, address.Port, TimeSpan.FromSeconds(parse.GetValue(interval)), ct).ConfigureAwait(false);
                    devices.Add(device);
                }

                Console.WriteLine($"ds-fleet simulate: {devices.Count} devices online on {address}; Ctrl-C stops them");
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                foreach (var d in devices) await d.DisposeAsync().ConfigureAwait(false);
            }

            return 0;
        }).ConfigureAwait(false));

        root.Subcommands.Add(serve);
        root.Subcommands.Add(simulate);
        root.Subcommands.Add(user);
        root.Subcommands.Add(token);
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }

    private static Users UsersOf(string? configPath)
    {
        var options = FleetConfig.Load(configPath);
        var database = new FleetDatabase(options.DatabaseConnectionString);
        database.Migrate(NullLogger.Instance);
        return new Users(database, TimeProvider.System);
    }

    private static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (FleetConfigException ex)
        {
            await Console.Error.WriteLineAsync($"ds-fleet: {ex.Message}").ConfigureAwait(false);
            return ConfigError;
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"ds-fleet: {ex.Message}").ConfigureAwait(false);
            return ConfigError;
        }
    }
}
