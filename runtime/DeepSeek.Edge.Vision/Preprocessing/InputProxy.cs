using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Preprocessing;

/// <summary>
/// The native input proxy of the last Mat passed in, made again only when a different Mat comes. A capture that reads
/// every frame into the same Mat therefore reuses one proxy (it refers to the Mat, not to its pixels).
/// </summary>
internal sealed class InputProxy : IDisposable
{
    private Mat? _mat;
    private InputArray? _proxy;

    public InputArray For(Mat mat)
    {
        if (_proxy is null || !ReferenceEquals(mat, _mat))
        {
            _proxy?.Dispose();
            _proxy = InputArray.Create(mat);
            _mat = mat;
        }

        return _proxy;
    }

    public void Dispose()
    {
        _proxy?.Dispose();
        _proxy = null;
        _mat = null;
    }
}
