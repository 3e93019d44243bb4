using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>
/// <c>test:</c>, a synthetic live camera: colour bars with a moving white square, and the frame number written as 32
/// black/white blocks along the top edge (bit 31 first) so a frame can be identified after the pipeline. Paced at its
/// frame rate (0: as fast as it can draw). Draws in place: no allocation per frame.
/// </summary>
internal sealed class TestPatternSource : IFrameSource
{
    public const int DefaultWidth = 640;
    public const int DefaultHeight = 480;
    public const int DefaultFps = 30;
    private const int BlockHeight = 8;

    private readonly int _width;
    private readonly int _height;
    private readonly int _fps;
    private readonly TimeProvider _time;
    private readonly string _display;
    private Mat? _background;
    private Pacer? _pacer;
    private long _frame;

    public TestPatternSource(string display, int width, int height, int fps, TimeProvider time)
    {
        _display = display;
        _width = width;
        _height = height;
        _fps = fps;
        _time = time;
    }

    public string Description => _display;

    public bool IsLive => true;

    /// <summary>Reads back the frame number drawn on a test pattern frame (or the first 32 columns' blocks of any frame).</summary>
    public static long FrameNumberOf(Mat frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var block = frame.Width / 32;
        long value = 0;
        for (var bit = 0; bit < 32; bit++)
        {
            var pixel = frame.At<Vec3b>(BlockHeight / 2, (bit * block) + (block / 2));
            value = (value << 1) | (pixel.Item0 > 127 ? 1L : 0L);
        }

        return value;
    }

    public SourceInfo Open(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_background is null)
        {
            _background = new Mat(_height, _width, MatType.CV_8UC3);
            var bars = new[] { Scalar.White, Scalar.Yellow, Scalar.Cyan, Scalar.Lime, Scalar.Magenta, Scalar.Red, Scalar.Blue, Scalar.Gray };
            var barWidth = (_width + bars.Length - 1) / bars.Length;
            for (var i = 0; i < bars.Length; i++)
                Cv2.Rectangle(_background, new Rect(i * barWidth, 0, barWidth, _height), bars[i], -1);
        }

        _pacer = _fps > 0 ? new Pacer(_time, _fps) : null;
        return new SourceInfo(_width, _height, _fps, "test");
    }

    public bool Read(Mat into, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var background = _background ?? throw new InvalidOperationException($"source {_display} is not open");
        _pacer?.Wait(cancellationToken);
        background.CopyTo(into);
        var side = Math.Max(8, Math.Min(_width, _height) / 6);
        var travel = Math.Max(1, _width - side);
        var x = (int)(_frame * 7 % (2 * travel));
        if (x > travel) x = (2 * travel) - x;
        Cv2.Rectangle(into, new Rect(x, (_height - side) / 2, side, side), Scalar.White, -1);
        DrawNumber(into, _frame);
        _frame++;
        return true;
    }

    public void Close() => _pacer = null;

    public void Dispose()
    {
        _background?.Dispose();
        _background = null;
    }

    private void DrawNumber(Mat frame, long number)
    {
        var block = _width / 32;
        for (var bit = 0; bit < 32; bit++)
        {
            var on = ((number >> (31 - bit)) & 1) == 1;
            Cv2.Rectangle(frame, new Rect(bit * block, 0, block, BlockHeight), on ? Scalar.White : Scalar.Black, -1);
        }
    }
}
