using DeepSeek.Edge.Models.Manifest;
using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Preprocessing;

/// <summary>
/// The one pass from 8-bit pixels to the model tensor: every output element is looked up in a per-channel table
/// (256 entries per channel, so <c>(pixel - mean) / std</c> is computed once, not per pixel), in the model's channel
/// order and layout. Pixels outside the resized image (letterbox) get the channel's pad value.
/// </summary>
internal sealed class TensorWriter<T>
    where T : unmanaged
{
    private readonly int _width;
    private readonly int _height;
    private readonly int _channels;
    private readonly bool _planar;
    private readonly bool _rgb;
    private readonly T[] _table;
    private readonly T[] _pad;

    /// <param name="table">Channel <c>c</c>, pixel value <c>v</c> at <c>table[c * 256 + v]</c>.</param>
    /// <param name="pad">The value of a padding element, per channel.</param>
    public TensorWriter(InputSpec spec, T[] table, T[] pad)
    {
        _width = spec.Width;
        _height = spec.Height;
        _channels = spec.Channels;
        _planar = spec.Layout == TensorLayout.NCHW;
        _rgb = spec.Color == ColorOrder.RGB;
        _table = table;
        _pad = pad;
    }

    /// <summary>Writes the model input from <paramref name="image"/> (8-bit, 1, 3 or 4 channels) placed at (padX, padY).</summary>
    public unsafe void Write(Mat image, int padX, int padY, Span<T> destination)
    {
        var pixelStride = image.Channels();
        var step = image.Step();
        var contentWidth = image.Width;
        var contentHeight = image.Height;

        // Which byte of a source pixel feeds output channel c: gray feeds all; BGR(A) is reversed for RGB models.
        var source0 = pixelStride == 1 ? 0 : _rgb ? 2 : 0;
        var source2 = pixelStride == 1 ? 0 : _rgb ? 0 : 2;
        var source1 = pixelStride == 1 ? 0 : 1;

        var plane = _width * _height;
        var channelStride = _planar ? plane : 1;
        var pixelStep = _planar ? 1 : _channels;
        var three = _channels == 3;

        fixed (T* dst = destination)
        fixed (T* table = _table)
        fixed (T* pad = _pad)
        {
            var src = image.DataPointer;
            var table1 = table + 256;
            var table2 = table + 512;
            var pad0 = pad[0];
            var pad1 = three ? pad[1] : pad0;
            var pad2 = three ? pad[2] : pad0;

            for (var y = 0; y < _height; y++)
            {
                var row = dst + ((long)y * _width * pixelStep);
                var sy = y - padY;
                if (sy < 0 || sy >= contentHeight)
                {
                    FillPad(row, 0, _width, pixelStep, channelStride, three, pad0, pad1, pad2);
                    continue;
                }

                FillPad(row, 0, padX, pixelStep, channelStride, three, pad0, pad1, pad2);
                var pixel = src + (sy * step);
                var o = row + (padX * pixelStep);
                for (var x = 0; x < contentWidth; x++, pixel += pixelStride, o += pixelStep)
                {
                    o[0] = table[pixel[source0]];
                    if (three)
                    {
                        o[channelStride] = table1[pixel[source1]];
                        o[2 * channelStride] = table2[pixel[source2]];
                    }
                }

                FillPad(row, padX + contentWidth, _width, pixelStep, channelStride, three, pad0, pad1, pad2);
            }
        }
    }

    private static unsafe void FillPad(T* row, int from, int to, int pixelStep, int channelStride, bool three, T pad0, T pad1, T pad2)
    {
        for (var o = row + (from * pixelStep); from < to; from++, o += pixelStep)
        {
            o[0] = pad0;
            if (three)
            {
                o[channelStride] = pad1;
                o[2 * channelStride] = pad2;
            }
        }
    }
}
