using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Annotation;

/// <summary>A fixed colour per class id (BGR), and a text colour that stays readable on it.</summary>
internal static class Palette
{
    private static readonly Scalar[] Colors =
    [
        new(56, 56, 255), new(151, 157, 255), new(31, 112, 255), new(29, 178, 255), new(49, 210, 207),
        new(10, 249, 72), new(23, 204, 146), new(134, 219, 61), new(211, 188, 0), new(209, 99, 8),
        new(255, 194, 0), new(147, 69, 52), new(255, 115, 100), new(236, 24, 0), new(255, 56, 132),
        new(133, 0, 82), new(255, 56, 203), new(200, 149, 255), new(199, 55, 255), new(187, 212, 0),
    ];

    public static Scalar ForClass(int classId) => Colors[(int)((uint)classId % (uint)Colors.Length)];

    public static Scalar TextOn(Scalar background)
    {
        var luma = (0.114 * background.Val0) + (0.587 * background.Val1) + (0.299 * background.Val2);
        return luma > 140 ? Scalar.Black : Scalar.White;
    }
}
