using System.Globalization;

namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>The GStreamer pipeline that reads a Jetson CSI camera (Argus) into BGR frames for OpenCV's appsink.</summary>
public static class CsiPipeline
{
    public const int DefaultWidth = 1920;
    public const int DefaultHeight = 1080;
    public const int DefaultFps = 30;

    /// <summary>
    /// <c>nvarguscamerasrc</c> (NV12 in NVMM memory) -> <c>nvvidconv</c> (flip, to BGRx in system memory) ->
    /// <c>videoconvert</c> (BGR) -> <c>appsink</c> that keeps only the newest buffer, so a slow reader never builds a backlog.
    /// </summary>
    public static string Build(int sensorId, int width, int height, int fps, int flip)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sensorId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fps);
        ArgumentOutOfRangeException.ThrowIfNegative(flip);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(flip, 7);
        var caps = string.Create(CultureInfo.InvariantCulture, $"video/x-raw(memory:NVMM),width={width},height={height},framerate={fps}/1,format=NV12");
        var convert = string.Create(CultureInfo.InvariantCulture, $"nvvidconv flip-method={flip}");
        var source = string.Create(CultureInfo.InvariantCulture, $"nvarguscamerasrc sensor-id={sensorId}");
        return $"{source} ! {caps} ! {convert} ! video/x-raw,format=BGRx ! videoconvert ! video/x-raw,format=BGR ! appsink drop=true max-buffers=1 sync=false";
    }
}
