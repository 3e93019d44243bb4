using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Preprocessing;

/// <summary>
/// A view of a rectangle of a frame that owns no pixels, with its native input proxy. Both are kept while the frame's
/// pixels stay at the same address (a capture reading into the same Mat), so a fixed region of interest costs no
/// allocation per frame.
/// </summary>
internal sealed class RegionView : IDisposable
{
    private readonly InputProxy _input = new();
    private Mat? _view;
    private IntPtr _start;
    private long _step;

    public unsafe Mat Of(Mat frame, Rect region)
    {
        var step = frame.Step();
        var start = (IntPtr)(frame.DataPointer + (region.Y * step) + (region.X * frame.ElemSize()));
        var type = frame.Type();
        if (_view is null || start != _start || step != _step || _view.Width != region.Width || _view.Height != region.Height || _view.Type() != type)
        {
            _input.Dispose();
            _view?.Dispose();
            _view = Mat.FromPixelData(region.Height, region.Width, type, start, step);
            _start = start;
            _step = step;
        }

        return _view;
    }

    /// <summary>The native input proxy of the view last returned by <see cref="Of"/>.</summary>
    public InputArray Input => _input.For(_view ?? throw new InvalidOperationException("no region view yet"));

    public void Dispose()
    {
        _input.Dispose();
        _view?.Dispose();
        _view = null;
    }
}
