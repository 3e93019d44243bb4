using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Agent.Ota.Http;

/// <summary>
/// The content of <c>http.progress</c>: which package is being fetched, how many bytes of <c>package.partial</c> are on disk
/// (fsynced), and the server's validator (strong ETag or Last-Modified) of the file those bytes came from. Replaced atomically,
/// so after a crash it holds the old or the new record, never a torn one.
/// </summary>
internal sealed record HttpProgressRecord(string Sha256, long Size, long Length, string? Validator)
{
    /// <summary>The record in <paramref name="path"/>, or null when there is none or it cannot be read (the download starts over).</summary>
    public static HttpProgressRecord? Read(string path)
    {
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject json) return null;
            var sha256 = (string?)json["sha256"];
            var size = (long?)json["size"];
            var length = (long?)json["length"];
            if (sha256 is null || size is not { } s || length is not { } l || l < 0 || l > s) return null;
            return new HttpProgressRecord(sha256, s, l, (string?)json["validator"]);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public void Write(string path)
    {
        var json = new JsonObject
        {
            ["sha256"] = Sha256,
            ["size"] = Size,
            ["length"] = Length,
            ["validator"] = Validator,
        };
        DurableFiles.ReplaceFile(path, Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Length}/{Size} bytes of {Sha256} ({Validator ?? "no validator"})");
}
