using System.Globalization;

namespace DeepSeek.Edge.Pipelines.Sources.Piped;

/// <summary>
/// <c>gst-launch-1.0 -q &lt;pipeline&gt; ! videoconvert ! videoscale ! video/x-raw,format=BGR,width=W,height=H ! fdsink fd=1</c>:
/// a pipeline written for OpenCV (ending in <c>appsink</c>) runs as it is, its appsink replaced by the pipe.
/// GStreamer scales to the size (keeping the aspect ratio, with borders), so the frame size is known before the first frame.
/// </summary>
internal static class GstLaunchCommand
{
    public const int DefaultWidth = 640;
    public const int DefaultHeight = 480;

    public static DecoderCommand Create(string pipeline, int width, int height, string hint)
    {
        var w = width > 0 ? width : DefaultWidth;
        var h = height > 0 ? height : DefaultHeight;
        var tail = string.Create(CultureInfo.InvariantCulture, $"videoconvert ! videoscale ! video/x-raw,format=BGR,width={w},height={h} ! fdsink fd=1");
        return new DecoderCommand(DecoderTools.GstLaunch, ["-q", .. Words($"{WithoutAppsink(pipeline)} ! {tail}")], null, w, h, true, hint);
    }

    /// <summary>
    /// The pipeline as gst-launch-1.0 wants its arguments: one word each, split at spaces outside double quotes, the
    /// quotes removed (gst-launch escapes each argument's spaces itself: <c>location="a b.avi"</c> stays one value).
    /// </summary>
    internal static List<string> Words(string pipeline)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in pipeline)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any) words.Add(word.ToString());
                word.Clear();
                any = false;
            }
            else
            {
                word.Append(c);
                any = true;
            }
        }

        if (quoted) throw new ArgumentException("Source.Uri gst: pipeline has an unclosed double quote.", "Source.Uri");
        if (any) words.Add(word.ToString());
        return words;
    }

    /// <summary>The pipeline without a final <c>appsink</c> element.</summary>
    internal static string WithoutAppsink(string pipeline)
    {
        var text = pipeline.Trim();
        var last = text.LastIndexOf('!');
        var element = (last < 0 ? text : text[(last + 1)..]).Trim();
        if (!element.StartsWith("appsink", StringComparison.Ordinal)) return text;
        if (last < 0) throw new ArgumentException("Source.Uri gst: pipeline is only an appsink; give a source element before it.", "Source.Uri");
        return text[..last].TrimEnd();
    }
}
