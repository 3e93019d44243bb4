using System.Globalization;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Ssd;

/// <summary>
/// Anchor centres as MediaPipe generates them for BlazeFace: per layer, a ceil(height/stride) x ceil(width/stride) grid,
/// row-major, <c>anchors</c> anchors per cell, centre ((x + offset) / cells_x, (y + offset) / cells_y) in 0..1 units, size 1.
/// </summary>
internal sealed class SsdAnchors
{
    private static readonly string[] LayerKeys = ["stride", "anchors"];

    private SsdAnchors(AnchorLayer[] layers, PointF[] centres, int[] layerEnds)
    {
        Layers = layers;
        Centres = centres;
        LayerEnds = layerEnds;
    }

    public AnchorLayer[] Layers { get; }

    /// <summary>The anchor index just past each layer's last anchor: where one output may end and the next begin.</summary>
    public int[] LayerEnds { get; }
    public PointF[] Centres { get; }
    public int Count => Centres.Length;

    public static SsdAnchors Read(JsonField parameters, int width, int height)
    {
        var field = parameters.Required("layers");
        var layers = field.Items().Select(l =>
        {
            l.RequireKnownKeys(LayerKeys);
            return new AnchorLayer(l.Int("stride", min: 1, max: Math.Max(width, height)), l.Int("anchors", min: 1, max: 1024));
        }).ToArray();
        if (layers.Length == 0) throw field.Fail("is empty; give one {\"stride\", \"anchors\"} per feature map of the model");

        var offset = parameters.Float("anchor_offset", 0.5f, 0f, 1f);
        var centres = new List<PointF>();
        var ends = new int[layers.Length];
        for (var l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            var cellsX = (width + layer.Stride - 1) / layer.Stride;
            var cellsY = (height + layer.Stride - 1) / layer.Stride;
            for (var y = 0; y < cellsY; y++)
            {
                for (var x = 0; x < cellsX; x++)
                {
                    var centre = new PointF((x + offset) / cellsX, (y + offset) / cellsY);
                    for (var a = 0; a < layer.AnchorsPerCell; a++) centres.Add(centre);
                }
            }

            ends[l] = centres.Count;
        }

        return new SsdAnchors(layers, [.. centres], ends);
    }

    public string Describe(int width, int height) =>
        $"{Count} anchors for a {width}x{height} input ({string.Join(" + ", Layers.Select(l => Cells(l, width, height)))})";

    private static string Cells(AnchorLayer layer, int width, int height)
    {
        var cellsX = (width + layer.Stride - 1) / layer.Stride;
        var cellsY = (height + layer.Stride - 1) / layer.Stride;
        return string.Create(CultureInfo.InvariantCulture, $"stride {layer.Stride}: {cellsX}x{cellsY}x{layer.AnchorsPerCell}");
    }
}
