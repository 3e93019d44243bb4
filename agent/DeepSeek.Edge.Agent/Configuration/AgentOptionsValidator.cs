using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace DeepSeek.Edge.Agent.Configuration;

/// <summary>Checks the <c>Agent</c> section at start; each failure names the key, the value and the fix.</summary>
public sealed partial class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    private static readonly string[] Schemes = ["file:", "v4l2:", "csi://", "rtsp://", "rtsps://", "rtmp://", "rtmps://", "http://", "https://", "gst:", "test:"];

    private static void CheckToken(HttpOptions http, List<string> errors)
    {
        if (http.TokenFile is null)
        {
            if (http.NonLoopbackUrls().FirstOrDefault() is { } open)
                errors.Add($"Agent:Http:TokenFile: is not set but Agent:Http:Urls listens on {open}, beyond this machine, and the status page, snapshots and streams show camera video; put a token of {HttpOptions.MinTokenLength} or more characters in a file (e.g. `openssl rand -hex 24 > /etc/deepseek-edge/http-token`) and name it here, or listen on 127.0.0.1");
            return;
        }

        string token;
        try
        {
            token = File.ReadAllText(http.TokenFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"Agent:Http:TokenFile: \"{http.TokenFile}\" cannot be read ({e.Message}); create it or fix its permissions");
            return;
        }

        if (token.Length < HttpOptions.MinTokenLength)
            errors.Add($"Agent:Http:TokenFile: \"{http.TokenFile}\" holds {token.Length} characters; a token needs {HttpOptions.MinTokenLength} or more (e.g. `openssl rand -hex 24`)");
    }

    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!SafeName().IsMatch(options.DeviceId))
            errors.Add($"Agent:DeviceId: \"{options.DeviceId}\" cannot be used in MQTT topics; use letters, digits, '-', '_' and '.'");
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            errors.Add("Agent:DataDirectory: is empty; give a writable directory such as /var/lib/deepseek-edge");
        if (options.Telemetry.IntervalSeconds is < 1 or > 86400)
            errors.Add($"Agent:Telemetry:IntervalSeconds: {options.Telemetry.IntervalSeconds} is out of range; use 1-86400");
        if (options.Http.Enabled && !Uri.TryCreate(options.Http.Urls.Split(';')[0], UriKind.Absolute, out _))
            errors.Add($"Agent:Http:Urls: \"{options.Http.Urls}\" is not a URL; use e.g. http://127.0.0.1:8080");
        if (options.Http.Enabled) CheckToken(options.Http, errors);
        errors.AddRange(options.Inference.Validate("Agent:Inference"));

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Cameras.Count; i++)
        {
            var c = options.Cameras[i];
            var key = $"Agent:Cameras:{i}";
            if (!SafeName().IsMatch(c.Name))
                errors.Add($"{key}:Name: \"{c.Name}\" is not a camera name; use letters, digits, '-', '_' and '.'");
            else if (!names.Add(c.Name))
                errors.Add($"{key}:Name: \"{c.Name}\" is used by another camera; names must be unique");
            if (!Schemes.Any(s => c.Source.StartsWith(s, StringComparison.OrdinalIgnoreCase)))
                errors.Add($"{key}:Source: \"{c.Source}\" has no known scheme; use one of {string.Join(" ", Schemes)}");
            if (string.IsNullOrWhiteSpace(c.Model))
                errors.Add($"{key}:Model: is empty; give a model directory or package path");
            if (c.EveryNthFrame < 1)
                errors.Add($"{key}:EveryNthFrame: {c.EveryNthFrame} must be 1 or more");
            if (c.ScoreThreshold is < 0 or > 1)
                errors.Add($"{key}:ScoreThreshold: {c.ScoreThreshold} must be between 0 and 1");
            if (c.IouThreshold is < 0 or > 1)
                errors.Add($"{key}:IouThreshold: {c.IouThreshold} must be between 0 and 1");
            foreach (var (option, value) in new[] { ("OpenTimeout", c.OpenTimeout), ("StallTimeout", c.StallTimeout), ("ReconnectMaxDelay", c.ReconnectMaxDelay) })
            {
                if (value <= TimeSpan.Zero || value > TimeSpan.FromHours(1))
                    errors.Add($"{key}:{option}: {value} is out of range; use 00:00:00.1 to 01:00:00");
            }

            if (c.Events.MinIntervalMs < 0)
                errors.Add($"{key}:Events:MinIntervalMs: {c.Events.MinIntervalMs} must not be negative");
            errors.AddRange(c.Capture.Validate($"{key}:Capture"));
            if (c.Providers is not null)
            {
                try
                {
                    Inference.InferenceOptions.ParseChain(c.Providers);
                }
                catch (ArgumentException ex)
                {
                    errors.Add($"{key}:Providers: {ex.Message.Split(" (Parameter", 2)[0]}");
                }

                if (c.Inference.Providers is not null)
                    errors.Add($"{key}:Providers: is set and so is {key}:Inference:Providers; keep only {key}:Inference:Providers");
            }

            errors.AddRange(c.Inference.Validate($"{key}:Inference"));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex SafeName();
}
