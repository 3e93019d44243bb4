namespace DeepSeek.Edge.Protocol.Topics;

/// <summary>MQTT topic filter matching ('+' one level, '#' the rest), used to route received messages to handlers.</summary>
public static class TopicFilter
{
    public static bool IsMatch(string filter, string topic)
    {
        if (topic.StartsWith('$') && (filter.StartsWith('+') || filter.StartsWith('#'))) return false;
        var f = filter.AsSpan();
        var t = topic.AsSpan();
        while (true)
        {
            var fEnd = f.IndexOf('/');
            var fLevel = fEnd < 0 ? f : f[..fEnd];
            if (fLevel is "#") return true;

            var tEnd = t.IndexOf('/');
            var tLevel = tEnd < 0 ? t : t[..tEnd];
            if (fLevel is not "+" && !fLevel.SequenceEqual(tLevel)) return false;

            if (fEnd < 0 && tEnd < 0) return true;
            if (fEnd < 0) return false;
            if (tEnd < 0) return f[(fEnd + 1)..] is "#";
            f = f[(fEnd + 1)..];
            t = t[(tEnd + 1)..];
        }
    }
}
