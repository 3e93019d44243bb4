using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Protocol.Json;

/// <summary>
/// The one way contract-2 JSON is written and read: <see cref="ProtocolJsonContext"/> (source-generated, snake_case, nulls
/// left out, UTC <c>Z</c> times) with relaxed escaping, so <c>+</c> and non-ASCII names stay readable on the wire.
/// </summary>
public static class ProtocolJson
{
    public static ProtocolJsonContext Context { get; } = new(new JsonSerializerOptions(ProtocolJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The same, indented, for people (<c>/healthz</c>, CLI output).</summary>
    public static ProtocolJsonContext Indented { get; } = new(new JsonSerializerOptions(Context.Options) { WriteIndented = true });

    public static byte[] Write<T>(T document) => JsonSerializer.SerializeToUtf8Bytes(document, Info<T>(Context));

    public static string WriteText<T>(T document) => JsonSerializer.Serialize(document, Info<T>(Context));

    /// <summary>Reads a document; throws <see cref="FormatException"/> naming the document and what was wrong.</summary>
    public static T Read<T>(ReadOnlySpan<byte> utf8Json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, Info<T>(Context)) ?? throw new FormatException($"{what}: the document is null");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{what}: not a valid document ({ex.Message})", ex);
        }
    }

    /// <summary>
    /// Reads a document of one schema: a payload of another schema (or none) is refused before its fields are read, naming
    /// both; throws <see cref="FormatException"/>.
    /// </summary>
    public static T ReadDocument<T>(ReadOnlySpan<byte> utf8Json, string what)
        where T : IDocument
    {
        var schema = SchemaOf(utf8Json);
        if (schema != T.SchemaId)
            throw new FormatException(schema is null
                ? $"{what}: no \"schema\"; expected \"{T.SchemaId}\""
                : $"{what}: schema is \"{schema}\"; this reader takes \"{T.SchemaId}\"");
        return Read<T>(utf8Json, what);
    }

    /// <summary>The top-level <c>schema</c> string of a JSON object, or null when there is none (or it is not JSON).</summary>
    public static string? SchemaOf(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSchema = reader.ValueTextEquals("schema"u8);
                if (!reader.Read()) return null;
                if (isSchema) return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    public static JsonTypeInfo<T> Info<T>(ProtocolJsonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not a contract-2 document (add it to ProtocolJsonContext)");
    }
}
