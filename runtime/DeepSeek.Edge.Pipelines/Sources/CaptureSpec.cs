using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>How OpenCV opens one live source: address, backend, open parameters and properties set after opening.</summary>
/// <param name="Display">The source as logs show it.</param>
/// <param name="Address">What <c>VideoCapture</c> opens: a device path, URL or GStreamer pipeline.</param>
/// <param name="Api">The OpenCV video I/O backend.</param>
/// <param name="OpenParameters">Property/value pairs passed at open (timeouts).</param>
/// <param name="Settings">Properties set after opening, in order (FOURCC before size, size before rate).</param>
/// <param name="RequiresGStreamer">Fail at once, permanently, when OpenCV has no GStreamer.</param>
/// <param name="Hint">Added to a failure to open: what to check.</param>
internal sealed record CaptureSpec(
    string Display,
    string Address,
    VideoCaptureAPIs Api,
    int[] OpenParameters,
    IReadOnlyList<(VideoCaptureProperties Property, double Value)> Settings,
    bool RequiresGStreamer,
    string Hint);
