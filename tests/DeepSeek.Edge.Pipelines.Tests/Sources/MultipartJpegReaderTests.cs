using System.Text;
using DeepSeek.Edge.Pipelines.Sources.Http;

namespace DeepSeek.Edge.Pipelines.Tests.Sources;

public sealed class MultipartJpegReaderTests
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 1)]
    [InlineData(true, 7)]
    [InlineData(false, 7)]
    public void ReadPart_MultipartBody_GivesEachPartExactly(bool contentLength, int chunk)
    {
        var parts = new[] { Bytes(3000, 1), Bytes(10, 2), Bytes(70000, 3) };
        var body = new MemoryStream();
        body.Write("preamble\r\n"u8);
        foreach (var part in parts)
        {
            body.Write(Encoding.ASCII.GetBytes("--frame\r\nContent-Type: image/jpeg\r\n" + (contentLength ? $"Content-Length: {part.Length}\r\n" : "") + "\r\n"));
            body.Write(part);
            body.Write("\r\n"u8);
        }

        body.Write("--frame--\r\n"u8);
        var reader = new MultipartJpegReader(new ChunkedStream(body.ToArray(), chunk), "\"frame\"");

        foreach (var part in parts)
        {
            var length = reader.ReadPart();
            Assert.Equal(part, reader.Part(length).ToArray());
        }
    }

    [Fact]
    public void ReadPart_ServerClosesMidStream_ThrowsEndOfStream()
    {
        var body = Encoding.ASCII.GetBytes("--frame\r\nContent-Length: 100\r\n\r\nonly a few bytes");
        var reader = new MultipartJpegReader(new MemoryStream(body), "frame");

        Assert.Throws<EndOfStreamException>(() => reader.ReadPart());
    }

    [Fact]
    public void ReadPart_NotMultipart_ThrowsInvalidData()
    {
        var body = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("<html>not a stream</html>\r\n", 100)));
        var reader = new MultipartJpegReader(new MemoryStream(body), "frame");

        Assert.Throws<InvalidDataException>(() => reader.ReadPart());
    }

    private static byte[] Bytes(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)((i * 31) + seed)).ToArray();

    /// <summary>A stream that returns at most <c>chunk</c> bytes per read, as a network stream may.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }
}
