using System.CommandLine;
using DeepSeek.Edge.Agent.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DeepSeek.Edge.Agent.Cli;

/// <summary><c>ds-edge agent [--config path] [--Key=value ...]</c>: runs the device agent until stopped.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = $"Configuration file (default {AgentConfiguration.DefaultPath})" };
        var overrides = new Argument<string[]>("overrides") { Description = "Configuration overrides as --Section:Key=value", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("agent", "Run the device agent: cameras, inference, MQTT telemetry and commands, status endpoint") { config, overrides };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var extra = parse.GetValue(overrides) ?? [];
            return await RunAsync(parse.GetValue(config), [.. extra, .. parse.UnmatchedTokens], ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(string? configPath, string[] overrides, CancellationToken cancellationToken)
    {
        IHost host;
        try
        {
            host = AgentHost.Build(AgentConfiguration.Build(configPath, overrides));
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or InvalidOperationException or FormatException)
        {
            CliError.Write("agent", ex);
            return ExitCodes.BadInput;
        }

        using (host)
        {
            try
            {
                // Not RunAsync: it disposes the services, and they are looked at after the run.
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
                await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);

                // A background service that failed stops the host without an exception here: that is a failure too, so
                // systemd's Restart=on-failure restarts the agent.
                var background = host.Services.GetServices<IHostedService>().OfType<BackgroundService>();
                if (background.FirstOrDefault(s => s.ExecuteTask is { IsFaulted: true }) is { } failed)
                {
                    CliError.Write("agent", $"stopped by an error in {failed.GetType().Name}: {failed.ExecuteTask!.Exception?.GetBaseException().Message}");
                    return ExitCodes.Failure;
                }

                return ExitCodes.Ok;
            }
            catch (OptionsValidationException ex)
            {
                CliError.Write("agent", "invalid configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", ex.Failures));
                return ExitCodes.BadInput;
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("was not found", StringComparison.Ordinal))
            {
                CliError.Write("agent", "invalid configuration: " + ex.Message);
                return ExitCodes.BadInput;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                CliError.Write("agent", "stopped by an error: " + ex.Message);
                return ExitCodes.Failure;
            }
        }
    }
}
