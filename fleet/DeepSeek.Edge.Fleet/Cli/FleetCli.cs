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

        root.Subcommands.Add(serve);
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
