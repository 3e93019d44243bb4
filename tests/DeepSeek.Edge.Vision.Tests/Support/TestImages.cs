using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Tests.Support;

/// <summary>Constructed images with known pixels.</summary>
internal static class TestImages
{
    /// <summary>A 2x2 BGR image: (0,0)=(10,20,30) (1,0)=(40,50,60) (0,1)=(70,80,90) (1,1)=(100,110,120), as B,G,R.</summary>
    public static Mat TwoByTwo()
    {
        var image = new Mat(2, 2, MatType.CV_8UC3);
        image.Set(0, 0, new Vec3b(10, 20, 30));
        image.Set(0, 1, new Vec3b(40, 50, 60));
        image.Set(1, 0, new Vec3b(70, 80, 90));
        image.Set(1, 1, new Vec3b(100, 110, 120));
        return image;
    }

    /// <summary>A black BGR image with a white filled rectangle (x, y, width, height in pixels).</summary>
    public static Mat WhiteBoxOnBlack(int width, int height, Rect box)
    {
        var image = new Mat(height, width, MatType.CV_8UC3, Scalar.Black);
        image[box].SetTo(Scalar.White);
        return image;
    }

    /// <summary>Every pixel the same BGR value.</summary>
    public static Mat Uniform(int width, int height, byte b, byte g, byte r) =>
        new(height, width, MatType.CV_8UC3, new Scalar(b, g, r));
}
