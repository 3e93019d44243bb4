using OpenCvSharp;
using OpenCvSharp.Internal;

namespace DeepSeek.Edge.Vision.Preprocessing;

/// <summary>
/// Resize and colour conversion through OpenCvSharp's native entry points, taking argument proxies that the caller
/// keeps across frames. <c>Cv2.Resize</c> builds (and, for outputs, disposes) a fresh proxy per argument on every call;
/// reusing them is what makes a preprocessed frame cost no managed allocation.
/// </summary>
internal static class NativeImageOps
{
    public static void Resize(InputArray source, OutputArray destination, Size size)
    {
        NativeMethods.HandleException(
            NativeMethods.imgproc_resize(source.CvPtr, destination.CvPtr, size, 0, 0, (int)InterpolationFlags.Linear));
        GC.KeepAlive(source);
        GC.KeepAlive(destination);
    }

    public static void ToGray(InputArray source, OutputArray destination, int sourceChannels)
    {
        var code = sourceChannels == 4 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.BGR2GRAY;
        NativeMethods.HandleException(NativeMethods.imgproc_cvtColor(source.CvPtr, destination.CvPtr, (int)code, 0));
        GC.KeepAlive(source);
        GC.KeepAlive(destination);
    }
}
