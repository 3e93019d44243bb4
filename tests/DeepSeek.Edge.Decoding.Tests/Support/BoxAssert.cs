using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Tests.Support;

internal static class BoxAssert
{
    public static void Near(BoxF expected, BoxF actual, double tolerance = 1e-3)
    {
        Assert.Equal(expected.X, actual.X, tolerance);
        Assert.Equal(expected.Y, actual.Y, tolerance);
        Assert.Equal(expected.Width, actual.Width, tolerance);
        Assert.Equal(expected.Height, actual.Height, tolerance);
    }

    public static void Near(PointF expected, PointF actual, double tolerance = 1e-3)
    {
        Assert.Equal(expected.X, actual.X, tolerance);
        Assert.Equal(expected.Y, actual.Y, tolerance);
    }
}
