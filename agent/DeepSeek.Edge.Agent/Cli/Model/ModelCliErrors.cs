using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;
using MQTTnet.Exceptions;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// Runs a <c>ds-edge model</c> verb and turns its exceptions into one line on standard error and an exit code:
/// 2 for something wrong with what was given (missing file, bad manifest, unusable key), 1 for a failure (including a broker
/// that cannot be reached or drops the connection).
/// </summary>
internal static class ModelCliErrors
{
    public static int Run(string verb, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is ManifestException or KeyFileException or ModelIntegrityException or SignatureException
            or FileNotFoundException or DirectoryNotFoundException or ArgumentException)
        {
            CliError.Write("model " + verb, ex);
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            CliError.Write("model " + verb, "cancelled; nothing was written");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or MqttCommunicationException or HttpRequestException)
        {
            CliError.Write("model " + verb, "failed: " + ex.Message);
            return ExitCodes.Failure;
        }
    }
}
