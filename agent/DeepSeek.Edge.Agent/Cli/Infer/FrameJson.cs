using System.Text.Json;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Agent.Cli.Infer;

/// <summary>Writes one frame's results as one JSON line: <c>{"frame":0,"source":"a.png","detections":[{"label":"face","score":0.92,"box":[x,y,w,h]}]}</c>.</summary>
internal static class FrameJson
{
    public static string Write(int frame, string source, DecodedOutput output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("frame", frame);
            json.WriteString("source", source);
            json.WriteStartArray("detections");
            foreach (var d in output.Detections)
            {
                json.WriteStartObject();
                json.WriteString("label", d.Label);
                json.WriteNumber("score", Math.Round(d.Score, 4));
                json.WriteStartArray("box");
                json.WriteNumberValue(Math.Round(d.Box.X, 1));
                json.WriteNumberValue(Math.Round(d.Box.Y, 1));
                json.WriteNumberValue(Math.Round(d.Box.Width, 1));
                json.WriteNumberValue(Math.Round(d.Box.Height, 1));
                json.WriteEndArray();
                if (d.Keypoints.Count > 0)
                {
                    json.WriteStartArray("keypoints");
                    foreach (var k in d.Keypoints)
                    {
                        json.WriteStartArray();
                        json.WriteNumberValue(Math.Round(k.X, 1));
                        json.WriteNumberValue(Math.Round(k.Y, 1));
                        json.WriteEndArray();
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (output.Classes.Count > 0)
            {
                json.WriteStartArray("classes");
                foreach (var c in output.Classes)
                {
                    json.WriteStartObject();
                    json.WriteString("label", c.Label);
                    json.WriteNumber("score", Math.Round(c.Score, 4));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            if (output.Embedding is { } embedding)
            {
                json.WriteStartArray("embedding");
                foreach (var v in embedding) json.WriteNumberValue(v);
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
