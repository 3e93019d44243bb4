using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>A request on <c>&lt;p&gt;/devices/&lt;id&gt;/commands/&lt;verb&gt;</c> (MQTT 5 response topic and correlation data): the verb's arguments.</summary>
public sealed record CommandRequest(JsonObject? Args = null) : IDocument
{
    public static string SchemaId => Schemas.Command;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.Command;
}

/// <summary>The answer to one command: <c>ok</c> with a <c>result</c>, or not with an <c>error</c> that says what was wrong.</summary>
public sealed record CommandResponse(string Verb, bool Ok, JsonNode? Result = null, string? Error = null) : IDocument
{
    public static string SchemaId => Schemas.Response;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.Response;

    public static CommandResponse Success(string verb, JsonNode? result) => new(verb, true, result, null);

    public static CommandResponse Failure(string verb, string error) => new(verb, false, null, error);
}
