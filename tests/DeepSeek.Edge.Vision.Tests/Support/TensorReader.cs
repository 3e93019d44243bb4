using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Vision.Tests.Support;

/// <summary>Reads back a planar (NCHW) model input.</summary>
internal static class TensorReader
{
    public static float At(float[] tensor, int width, int height, int channel, int x, int y) =>
        tensor[(channel * width * height) + (y * width) + x];

    /// <summary>The smallest box (pixel edges) holding every element of channel 0 above the threshold.</summary>
    public static BoxF BrightBox(float[] tensor, int width, int height, float threshold)
    {
        int minX = width, minY = height, maxX = -1, maxY = -1;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (At(tensor, width, height, 0, x, y) <= threshold) continue;
                minX = Math.Min(minX, x);
                minY = Math.Min(minY, y);
                maxX = Math.Max(maxX, x);
                maxY = Math.Max(maxY, y);
            }
        }

        Assert.True(maxX >= 0, "no bright pixel in the tensor");
        return BoxF.FromCorners(minX, minY, maxX + 1, maxY + 1);
    }
}
