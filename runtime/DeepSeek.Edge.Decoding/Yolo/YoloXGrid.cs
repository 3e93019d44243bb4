using System.Globalization;
using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Decoding.Yolo;

/// <summary>
/// The YOLOX anchor-free grid: for each stride in order, every cell of the (height/stride) x (width/stride) grid,
/// row-major; one output row per cell.
/// </summary>
internal sealed class YoloXGrid
{
    private static readonly int[] DefaultStrides = [8, 16, 32];

    private YoloXGrid(int[] strides, float[] x, float[] y, float[] stride)
    {
        Strides = strides;
        X = x;
        Y = y;
        Stride = stride;
    }

    public int[] Strides { get; }
    public float[] X { get; }
    public float[] Y { get; }
    public float[] Stride { get; }
    public int Count => X.Length;

    public static YoloXGrid Read(JsonField parameters, int width, int height)
    {
        var strides = DefaultStrides;
        if (parameters.TryGet("strides", out var field))
        {
            strides = field.Items().Select(i => i.AsInt(1, Math.Min(width, height))).ToArray();
            if (strides.Length == 0) throw field.Fail("is empty; give the model's strides, e.g. [8, 16, 32]");
        }

        var count = strides.Sum(s => (width / s) * (height / s));
        var x = new float[count];
        var y = new float[count];
        var stride = new float[count];
        var i = 0;
        foreach (var s in strides)
        {
            for (var gy = 0; gy < height / s; gy++)
            {
                for (var gx = 0; gx < width / s; gx++, i++)
                {
                    x[i] = gx;
                    y[i] = gy;
                    stride[i] = s;
                }
            }
        }

        return new YoloXGrid(strides, x, y, stride);
    }

    public string Describe(int width, int height) =>
        $"{Count} grid cells for a {width}x{height} input with strides {string.Join(", ", Strides.Select(s => s.ToString(CultureInfo.InvariantCulture)))}";
}
