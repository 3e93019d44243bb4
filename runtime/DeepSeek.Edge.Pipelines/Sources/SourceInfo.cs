namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>What an opened source reports about itself.</summary>
/// <param name="Width">Frame width in pixels (0 when not known until the first frame).</param>
/// <param name="Height">Frame height in pixels (0 when not known until the first frame).</param>
/// <param name="Fps">Nominal frames per second (0 when the source does not say).</param>
/// <param name="Backend">What reads it, e.g. <c>FFMPEG</c>, <c>V4L2</c>, <c>GSTREAMER</c>, <c>mjpeg-http</c>, <c>images</c>, <c>test</c>.</param>
/// <param name="FrameCount">Frames in a file, or null for a live source or when unknown.</param>
public sealed record SourceInfo(int Width, int Height, double Fps, string Backend, long? FrameCount = null);
