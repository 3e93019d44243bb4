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
            await Console.Error.WriteLineAsync($"ds-edge agent: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        using (host)
        {
            try
            {
                // Looked up before the run: RunAsync disposes the services when it returns.
                var background = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToArray();
                await host.RunAsync(cancellationToken).ConfigureAwait(false);

                // A background service that failed stops the host without an exception here: that is a failure too, so
                // systemd's Restart=on-failure restarts the agent.
                if (background.FirstOrDefault(s => s.ExecuteTask is { IsFaulted: true }) is { } failed)
                {
                    await Console.Error.WriteLineAsync($"ds-edge agent: stopped by an error in {failed.GetType().Name}: {failed.ExecuteTask!.Exception?.GetBaseException().Message}").ConfigureAwait(false);
                    return ExitCodes.Failure;
                }

                return ExitCodes.Ok;
            }
            catch (OptionsValidationException ex)
            {
                await Console.Error.WriteLineAsync("ds-edge agent: invalid configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", ex.Failures)).ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("was not found", StringComparison.Ordinal))
            {
                await Console.Error.WriteLineAsync($"ds-edge agent: invalid configuration: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"ds-edge agent: stopped by an error: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
        }
    }
}
