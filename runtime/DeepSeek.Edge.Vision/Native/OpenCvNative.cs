namespace DeepSeek.Edge.Vision.Native;

/// <summary>
/// Turns "the type initializer for 'OpenCvSharp.Internal.NativeMethods' threw an exception" into what an operator can act on:
/// OpenCV's native library (<c>libOpenCvSharpExtern.so</c>) does not load on this board, which feature needs it, and where it comes from.
/// </summary>
public static class OpenCvNative
{
    public const string Library = "libOpenCvSharpExtern.so";

    /// <summary>What is wrong and the fix when <paramref name="exception"/> is OpenCV's native library failing to load; otherwise null.</summary>
    public static (string Problem, string Fix)? Diagnose(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var native = e is DllNotFoundException && e.Message.Contains("OpenCvSharpExtern", StringComparison.Ordinal)
                || e is TypeInitializationException t && t.TypeName?.StartsWith("OpenCvSharp", StringComparison.Ordinal) == true;
            if (!native) continue;
            var detail = e.GetBaseException().Message.Split(". ", 2)[0];
            var fix = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64
                ? "NuGet publishes it only for linux-x64: on a Jetson run the image Dockerfile.jetson builds (it compiles OpenCV and OpenCvSharp for arm64)"
                : "install libgtk-3-0 (apt-get install libgtk-3-0), which it links, and keep the runtimes/ folder next to ds-edge";
            return ($"OpenCV's native library ({Library}) does not load ({detail}); cameras, image decoding and annotation need it", fix);
        }

        return null;
    }

    /// <summary>The problem and its fix in one sentence, or null when <paramref name="exception"/> is something else.</summary>
    public static string? Explain(Exception exception) => Diagnose(exception) is { } d ? $"{d.Problem}: {d.Fix}" : null;
}
