namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>Reads <c>Mqtt:PasswordFile</c>: the whole file is the password, without one final line break.</summary>
internal static class MqttPasswordFile
{
    public static string Read(string path)
    {
        var text = File.ReadAllText(path);
        if (text.EndsWith("\r\n", StringComparison.Ordinal)) return text[..^2];
        return text.EndsWith('\n') ? text[..^1] : text;
    }
}
