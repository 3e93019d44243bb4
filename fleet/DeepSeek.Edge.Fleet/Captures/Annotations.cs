using System.Globalization;
using System.Text;
using System.Text.Json;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Fleet;

namespace DeepSeek.Edge.Fleet.Captures;

/// <summary>
/// A capture's detections as training annotations in the exported image's pixels: the device reports boxes in frame
/// pixels (<c>frame_size</c>) and may send a smaller image (<c>image_size</c>), so boxes are scaled and clipped to the image.
/// COCO: <c>bbox</c> <c>[x, y, width, height]</c> in pixels, categories numbered from 1 in label order. YOLO: one line per box,
/// <c>class cx cy w h</c> normalised to 0..1, classes numbered from 0 in label order. Only labels in the export's label list
/// are written.
/// </summary>
public static class Annotations
{
    /// <summary>The box in image pixels, clipped to the image; null when nothing of it is inside.</summary>
    public static (double X, double Y, double W, double H)? InImage(CaptureSummary c, DetectionItem d)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(d);
        double sx = (double)c.ImageSize[0] / c.FrameSize[0], sy = (double)c.ImageSize[1] / c.FrameSize[1];
        double x0 = Math.Clamp(d.Box[0] * sx, 0, c.ImageSize[0]), y0 = Math.Clamp(d.Box[1] * sy, 0, c.ImageSize[1]);
        double x1 = Math.Clamp((d.Box[0] + d.Box[2]) * sx, 0, c.ImageSize[0]), y1 = Math.Clamp((d.Box[1] + d.Box[3]) * sy, 0, c.ImageSize[1]);
        return x1 > x0 && y1 > y0 ? (x0, y0, x1 - x0, y1 - y0) : null;
    }

    public static IEnumerable<string> YoloLines(CaptureSummary c, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var d in c.Detections)
        {
            var index = IndexOf(labels, d.Label);
            if (index < 0 || InImage(c, d) is not { } b) continue;
            double w = c.ImageSize[0], h = c.ImageSize[1];
            yield return string.Create(CultureInfo.InvariantCulture, $"{index} {(b.X + b.W / 2) / w:0.######} {(b.Y + b.H / 2) / h:0.######} {b.W / w:0.######} {b.H / h:0.######}");
        }
    }

    public static string YoloDataYaml(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var text = new StringBuilder("# pre-labels exported by ds-fleet; see manifest.json for provenance\npath: .\ntrain: images\nval: images\nnames:\n");
        for (var i = 0; i < labels.Count; i++) text.Append(CultureInfo.InvariantCulture, $"  {i}: {JsonSerializer.Serialize(labels[i])}\n");
        return text.ToString();
    }

    public static void WriteCoco(Stream output, DatasetManifest manifest, IReadOnlyList<CaptureSummary> captures)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(captures);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteStartObject("info");
        json.WriteString("description", $"ds-fleet dataset export {manifest.Id} (pre-labels from device detections)");
        json.WriteString("version", manifest.Id);
        json.WriteString("date_created", manifest.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteEndObject();
        json.WriteStartArray("images");
        foreach (var c in captures)
        {
            json.WriteStartObject();
            json.WriteNumber("id", c.Id);
            json.WriteString("file_name", $"images/{c.Id}.jpg");
            json.WriteNumber("width", c.ImageSize[0]);
            json.WriteNumber("height", c.ImageSize[1]);
            json.WriteString("date_captured", c.Ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("annotations");
        var id = 0L;
        foreach (var c in captures)
        {
            foreach (var d in c.Detections)
            {
                var category = IndexOf(manifest.Labels, d.Label);
                if (category < 0 || InImage(c, d) is not { } b) continue;
                json.WriteStartObject();
                json.WriteNumber("id", ++id);
                json.WriteNumber("image_id", c.Id);
                json.WriteNumber("category_id", category + 1);
                json.WriteStartArray("bbox");
                json.WriteNumberValue(Math.Round(b.X, 3));
                json.WriteNumberValue(Math.Round(b.Y, 3));
                json.WriteNumberValue(Math.Round(b.W, 3));
                json.WriteNumberValue(Math.Round(b.H, 3));
                json.WriteEndArray();
                json.WriteNumber("area", Math.Round(b.W * b.H, 3));
                json.WriteNumber("iscrowd", 0);
                json.WriteNumber("score", d.Score);
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("categories");
        for (var i = 0; i < manifest.Labels.Count; i++)
        {
            json.WriteStartObject();
            json.WriteNumber("id", i + 1);
            json.WriteString("name", manifest.Labels[i]);
            json.WriteString("supercategory", "");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (var i = 0; i < labels.Count; i++) if (string.Equals(labels[i], label, StringComparison.Ordinal)) return i;
        return -1;
    }
}
