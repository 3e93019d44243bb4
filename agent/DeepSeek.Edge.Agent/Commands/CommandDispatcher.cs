using System.Text.Json;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Protocol;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Commands;

/// <summary>
/// Runs remote commands (<c>ping</c>, <c>status</c>, <c>snapshot</c>, <c>set</c>, <c>restart-pipeline</c>,
/// <c>log-level</c>, <c>rollback</c>, <c>capture</c>). Never throws: an unknown verb, a malformed payload or a failing command becomes an error
/// response that says what was wrong and what is accepted.
/// </summary>
public sealed class CommandDispatcher
{
    public const string RequestSchema = Schemas.Command;
    public static readonly IReadOnlyList<string> Verbs = ["ping", "status", "snapshot", "set", "restart-pipeline", "log-level", "rollback", "capture"];

    private readonly ICommandTarget _target;
    private readonly TimeProvider _time;
    private readonly IModelCommands? _models;

    public CommandDispatcher(ICommandTarget target, TimeProvider time, IModelCommands? models = null)
    {
        _target = target;
        _time = time;
        _models = models;
    }

    /// <summary>Largest request payload a command takes; a larger one is answered with an error without being parsed.</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    public async Task<CommandResponse> DispatchAsync(string verb, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        verb ??= "";
        if (payload.Length > MaxPayloadBytes)
            return CommandResponse.Failure(verb, $"the request is {payload.Length} bytes; commands take at most {MaxPayloadBytes} bytes");
        try
        {
            var args = ParseArgs(payload);
            return verb switch
            {
                "ping" => CommandResponse.Success(verb, new JsonObject { ["pong"] = UtcTimestampConverter.Text(_time.GetUtcNow()) }),
                "status" => CommandResponse.Success(verb, JsonSerializer.SerializeToNode(_target.ReportedState(), ProtocolJson.Info<AgentHealth>(ProtocolJson.Context))),
                "snapshot" => Snapshot(verb, args),
                "set" => await SetAsync(verb, args, cancellationToken).ConfigureAwait(false),
                "restart-pipeline" => await RestartAsync(verb, args, cancellationToken).ConfigureAwait(false),
                "log-level" => LogLevelCommand(verb, args),
                "rollback" => await RollbackAsync(verb, args, cancellationToken).ConfigureAwait(false),
                "capture" => Capture(verb, args),
                _ => CommandResponse.Failure(verb, $"unknown command \"{Clip(verb)}\"; known: {string.Join(", ", Verbs)}"),
            };
        }
        catch (CommandException ex)
        {
            return CommandResponse.Failure(verb, ex.Message);
        }
    }

    private CommandResponse Snapshot(string verb, JsonObject args)
    {
        var camera = Camera(args);
        var frame = _target.Snapshot(camera) ?? throw new CommandException($"camera \"{camera}\" has no frame yet");
        return CommandResponse.Success(verb, new JsonObject
        {
            ["camera"] = camera, ["frame"] = frame.FrameId, ["content_type"] = "image/jpeg", ["jpeg_base64"] = Convert.ToBase64String(frame.Jpeg),
        });
    }

    private async Task<CommandResponse> SetAsync(string verb, JsonObject args, CancellationToken cancellationToken)
    {
        var camera = Camera(args);
        var change = SettingsChange(args);
        var overrides = await _target.SetCameraAsync(camera, change, cancellationToken).ConfigureAwait(false);
        return CommandResponse.Success(verb, new JsonObject
        {
            ["camera"] = camera,
            ["applied"] = change.Values.ToJson(),
            ["cleared"] = new JsonArray(change.Cleared.Order(StringComparer.Ordinal).Select(k => (JsonNode)k).ToArray()),
            ["overrides"] = JsonSerializer.SerializeToNode(overrides, ProtocolJson.Info<IReadOnlyDictionary<string, SettingOverride>>(ProtocolJson.Context)),
        });
    }

    /// <summary>
    /// The <c>set</c> arguments besides <c>camera</c>: each known setting with a value overrides the configuration, each given
    /// as <c>null</c> clears its override; any other argument is refused.
    /// </summary>
    private static CameraSettingsChange SettingsChange(JsonObject args)
    {
        var unknown = args.Select(a => a.Key).Where(k => k != "camera" && !CameraSettings.Keys.Contains(k)).ToArray();
        if (unknown.Length > 0)
            throw new CommandException($"\"set\" does not know {string.Join(", ", unknown.Select(k => $"\"args.{Clip(k)}\""))}; it takes camera and {SettingsHelp}");
        var cleared = CameraSettings.Keys.Where(k => args.TryGetPropertyValue(k, out var v) && v is null).ToHashSet(StringComparer.Ordinal);
        var change = new CameraSettingsChange(
            new CameraSettings(OptionalUnit(args, CameraSettings.ScoreThresholdKey), OptionalUnit(args, CameraSettings.IouThresholdKey), OptionalBool(args, CameraSettings.EnabledKey)),
            cleared);
        return change.IsEmpty ? throw new CommandException($"\"set\" needs at least one of {SettingsHelp}") : change;
    }

    private const string SettingsHelp =
        "score_threshold, iou_threshold (0-1) or enabled (true/false); a setting given as null clears its override so the configuration applies again";

    private async Task<CommandResponse> RestartAsync(string verb, JsonObject args, CancellationToken cancellationToken)
    {
        var camera = Camera(args);
        await _target.RestartPipelineAsync(camera, cancellationToken).ConfigureAwait(false);
        return CommandResponse.Success(verb, new JsonObject { ["camera"] = camera, ["restarted"] = true });
    }

    /// <summary>Largest <c>frames</c> one <c>capture</c> command asks for.</summary>
    public const int MaxCaptureFrames = 100;

    /// <summary><c>capture</c> <c>{"camera":"door","frames":3}</c>: the camera's next frames (1 when <c>frames</c> is left out) go back as captures.</summary>
    private CommandResponse Capture(string verb, JsonObject args)
    {
        var camera = Camera(args);
        var unknown = args.Select(a => a.Key).Where(k => k is not ("camera" or "frames")).ToArray();
        if (unknown.Length > 0)
            throw new CommandException($"\"capture\" does not know {string.Join(", ", unknown.Select(k => $"\"args.{Clip(k)}\""))}; it takes camera and frames (1-{MaxCaptureFrames}, default 1)");
        var frames = 1;
        if (args["frames"] is JsonNode n)
        {
            if (n.GetValueKind() != JsonValueKind.Number || !n.AsValue().TryGetValue<int>(out frames) || frames is < 1 or > MaxCaptureFrames)
                throw new CommandException($"\"args.frames\" is {Clip(n.ToJsonString())}; give a whole number of frames from 1 to {MaxCaptureFrames}");
        }

        var waiting = _target.RequestCapture(camera, frames);
        return CommandResponse.Success(verb, new JsonObject { ["camera"] = camera, ["frames"] = frames, ["waiting"] = waiting });
    }

    private async Task<CommandResponse> RollbackAsync(string verb, JsonObject args, CancellationToken cancellationToken)
    {
        var camera = Camera(args);
        var models = _models ?? throw new CommandException("rollback needs over-the-air updates: configure Ota:TrustedKeys");
        var now = await models.RollbackAsync(camera, cancellationToken).ConfigureAwait(false);
        return CommandResponse.Success(verb, new JsonObject { ["camera"] = camera, ["model"] = now });
    }

    private CommandResponse LogLevelCommand(string verb, JsonObject args)
    {
        var text = String(args, "level");
        if (!Enum.TryParse<LogLevel>(text, ignoreCase: true, out var level) || !Enum.IsDefined(level) || int.TryParse(text, out _))
            throw new CommandException($"\"level\" is \"{Clip(text)}\"; use one of {string.Join(", ", Enum.GetNames<LogLevel>())}");
        _target.SetLogLevel(level);
        return CommandResponse.Success(verb, new JsonObject { ["level"] = level.ToString() });
    }

    private string Camera(JsonObject args)
    {
        var camera = String(args, "camera");
        return _target.CameraNames.Contains(camera)
            ? camera
            : throw new CommandException($"unknown camera \"{Clip(camera)}\"; cameras: {string.Join(", ", _target.CameraNames)}");
    }

    private static JsonObject ParseArgs(ReadOnlyMemory<byte> payload)
    {
        if (payload.IsEmpty) return [];
        if (!System.Text.Unicode.Utf8.IsValid(payload.Span)) throw new CommandException("payload is not valid UTF-8 JSON");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(payload.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            throw new CommandException($"payload is not JSON ({ex.Message}); send {{\"schema\":\"{RequestSchema}\",\"args\":{{...}}}}");
        }

        if (node is not JsonObject root)
            throw new CommandException($"payload must be a JSON object {{\"schema\":\"{RequestSchema}\",\"args\":{{...}}}}");
        if (root["schema"] is JsonNode schema && (schema.GetValueKind() != JsonValueKind.String || schema.GetValue<string>() != RequestSchema))
            throw new CommandException($"schema is {Clip(schema.ToJsonString())}; this agent reads \"{RequestSchema}\"");
        return root["args"] switch
        {
            null => [],
            JsonObject args => args,
            _ => throw new CommandException("\"args\" must be a JSON object"),
        };
    }

    private static string String(JsonObject args, string name) =>
        args[name] is JsonNode n && n.GetValueKind() == JsonValueKind.String
            ? n.GetValue<string>()
            : throw new CommandException($"\"args.{name}\" is required and must be a string");

    private static float? OptionalUnit(JsonObject args, string name)
    {
        if (args[name] is not JsonNode n) return null;
        if (n.GetValueKind() != JsonValueKind.Number) throw new CommandException($"\"args.{name}\" must be a number between 0 and 1");
        var v = n.GetValue<double>();
        return v is >= 0 and <= 1 ? (float)v : throw new CommandException($"\"args.{name}\" is {v}; it must be between 0 and 1");
    }

    private static bool? OptionalBool(JsonObject args, string name) => args[name] switch
    {
        null => null,
        JsonNode n when n.GetValueKind() is JsonValueKind.True or JsonValueKind.False => n.GetValue<bool>(),
        _ => throw new CommandException($"\"args.{name}\" must be true or false"),
    };

    private static string Clip(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
