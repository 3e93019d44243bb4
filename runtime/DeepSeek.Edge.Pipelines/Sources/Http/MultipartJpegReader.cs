using System.Globalization;
using System.Text;

namespace DeepSeek.Edge.Pipelines.Sources.Http;

/// <summary>
/// Reads the parts of a <c>multipart/x-mixed-replace</c> body (MJPEG over HTTP) from a blocking stream, reusing one
/// read buffer and one part buffer. Parts with a Content-Length are read exactly; others end at the next boundary.
/// </summary>
internal sealed class MultipartJpegReader
{
    private const int MaxLine = 8 * 1024;
    private const int MaxPart = 64 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _delimiter;
    private readonly byte[] _bareDelimiter;
    private byte[] _buffer = new byte[64 * 1024];
    private byte[] _part = new byte[256 * 1024];
    private int _start;
    private int _end;

    public MultipartJpegReader(Stream stream, string boundary)
    {
        _stream = stream;
        var b = boundary.Trim('"');
        _delimiter = Encoding.ASCII.GetBytes("--" + b);
        _bareDelimiter = Encoding.ASCII.GetBytes(b);
    }

    /// <summary>Reads the next part; its bytes are <c>Part[..length]</c> until the next call.</summary>
    /// <exception cref="EndOfStreamException">The server closed the stream.</exception>
    /// <exception cref="InvalidDataException">The body is not multipart as announced.</exception>
    public int ReadPart()
    {
        SkipToBoundary();
        var length = -1;
        while (true)
        {
            var line = ReadLine();
            if (line.Length == 0) break;
            var colon = line.IndexOf((byte)':');
            if (colon > 0 && Ascii.EqualsIgnoreCase(line[..colon].Trim((byte)' '), "content-length"u8))
            {
                var value = Encoding.ASCII.GetString(line[(colon + 1)..]).Trim();
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > MaxPart)
                    throw new InvalidDataException($"a part has Content-Length \"{value}\"; expected a size up to {MaxPart} bytes");
            }
        }

        return length >= 0 ? ReadExactly(length) : ReadUntilBoundary();
    }

    public ReadOnlySpan<byte> Part(int length) => _part.AsSpan(0, length);

    private void SkipToBoundary()
    {
        for (var lines = 0; lines < 64; lines++)
        {
            var line = ReadLine();
            if (line.Length == 0) continue;
            if (line.StartsWith(_delimiter) || line.StartsWith(_bareDelimiter)) return;
        }

        throw new InvalidDataException($"no part boundary \"{Encoding.ASCII.GetString(_delimiter)}\" found in the stream");
    }

    private ReadOnlySpan<byte> ReadLine()
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                return line.TrimEnd((byte)'\r');
            }

            if (_end - _start >= MaxLine) throw new InvalidDataException($"a header line is longer than {MaxLine} bytes");
            Fill();
        }
    }

    private int ReadExactly(int length)
    {
        EnsurePart(length);
        var copied = Math.Min(length, _end - _start);
        _buffer.AsSpan(_start, copied).CopyTo(_part);
        _start += copied;
        while (copied < length)
        {
            var n = _stream.Read(_part, copied, length - copied);
            if (n == 0) throw new EndOfStreamException("the server closed the stream in the middle of a frame");
            copied += n;
        }

        return length;
    }

    private int ReadUntilBoundary()
    {
        var length = 0;
        while (true)
        {
            var window = _buffer.AsSpan(_start, _end - _start);
            var at = window.IndexOf(_delimiter);
            var take = at >= 0 ? at : Math.Max(0, window.Length - _delimiter.Length);
            EnsurePart(length + take);
            window[..take].CopyTo(_part.AsSpan(length));
            length += take;
            _start += take;
            if (at >= 0) return TrimTrailingNewline(length);
            if (length > MaxPart) throw new InvalidDataException($"a part without Content-Length grew past {MaxPart} bytes");
            Fill();
        }
    }

    private int TrimTrailingNewline(int length)
    {
        if (length > 0 && _part[length - 1] == '\n') length--;
        if (length > 0 && _part[length - 1] == '\r') length--;
        return length;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) throw new EndOfStreamException("the server closed the stream");
        _end += n;
    }

    private void EnsurePart(int length)
    {
        if (length > _part.Length) Array.Resize(ref _part, Math.Max(length, _part.Length * 2));
    }
}
