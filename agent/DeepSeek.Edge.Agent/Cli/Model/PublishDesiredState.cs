using System.Text.Json;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// The retained desired-state document (<c>deepseek-edge/desired-state/v1</c>) that points a device or group at one model:
/// <c>{"schema":…,"version":"…","models":[{"name":…,"version":…,"cameras":[…],"source":…,"sha256":…,"size":…}]}</c>.
/// No <c>cameras</c> means every camera; <c>source</c> is there only for a package served over HTTP(S) (no <c>source</c>: the
/// device reads the MQTT offer and chunks); <c>sha256</c> and <c>size</c> pin the package. The only place that writes this document.
/// </summary>
internal static class PublishDesiredState
{
    public const string SchemaV1 = "deepseek-edge/desired-state/v1";

    public static byte[] ToJsonBytes(string documentVersion, string name, string version, string? camera, PackageSource? source = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("schema", SchemaV1);
            json.WriteString("version", documentVersion);
            json.WriteStartArray("models");
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("version", version);
            if (camera is not null)
            {
                json.WriteStartArray("cameras");
                json.WriteStringValue(camera);
                json.WriteEndArray();
            }

            if (source is not null)
            {
                if (source.Url is not null) json.WriteString("source", source.Url);
                json.WriteString("sha256", source.Sha256);
                json.WriteNumber("size", source.Size);
            }

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
