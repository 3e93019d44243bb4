using System.Text.Json;

namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>The line of a JSON configuration file where each key (as a configuration path, <c>Agent:Cameras:0:Name</c>) is written.</summary>
internal static class JsonKeyLines
{
    public static Dictionary<string, int> Read(string path)
    {
        var lines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        byte[] json;
        try
        {
            json = File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return lines;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var keyPath = new List<string>();
        var indexes = new Stack<int>(); // for each open array, the index of its next element; -1 for an object
        var line = 1;
        var counted = 0;
        try
        {
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                for (; counted < start; counted++) if (json[counted] == (byte)'\n') line++;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        keyPath.Add(reader.GetString()!);
                        lines.TryAdd(string.Join(':', keyPath), line);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        ElementStarts(keyPath, indexes, lines, line);
                        indexes.Push(reader.TokenType == JsonTokenType.StartArray ? 0 : -1);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        indexes.Pop();
                        ValueEnds(keyPath);
                        break;
                    default:
                        ElementStarts(keyPath, indexes, lines, line);
                        ValueEnds(keyPath);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // a broken file is reported by the configuration loader, with its line and column
        }

        return lines;
    }

    /// <summary>A value inside an array gets the path segment of its index.</summary>
    private static void ElementStarts(List<string> path, Stack<int> indexes, Dictionary<string, int> lines, int line)
    {
        if (indexes.Count == 0 || indexes.Peek() < 0) return;
        var index = indexes.Pop();
        indexes.Push(index + 1);
        path.Add(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        lines.TryAdd(string.Join(':', path), line);
    }

    /// <summary>After a value, the segment naming it (its property or its index) is closed; the root value has none.</summary>
    private static void ValueEnds(List<string> path)
    {
        if (path.Count > 0) path.RemoveAt(path.Count - 1);
    }
}
