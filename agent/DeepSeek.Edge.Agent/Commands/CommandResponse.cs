using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepSeek.Edge.Agent.Commands;

/// <summary>The response to one command: <c>{"schema":"deepseek-edge/response/v1","verb":..,"ok":true,"result":..}</c> or <c>"ok":false,"error":..</c>.</summary>
public sealed record CommandResponse(string Verb, bool Ok, JsonNode? Result, string? Error)
{
    public const string Schema = "deepseek-edge/response/v1";

    public static CommandResponse Success(string verb, JsonNode? result) => new(verb, true, result, null);

    public static CommandResponse Failure(string verb, string error) => new(verb, false, null, error);

    public byte[] ToJson()
    {
        var node = new JsonObject { ["schema"] = Schema, ["verb"] = Verb, ["ok"] = Ok };
        if (Ok) node["result"] = Result;
        else node["error"] = Error;
        return JsonSerializer.SerializeToUtf8Bytes(node);
    }
}
