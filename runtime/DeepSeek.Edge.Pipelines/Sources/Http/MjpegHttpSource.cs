using System.Net;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Sources.Http;

/// <summary>
/// MJPEG over HTTP (<c>multipart/x-mixed-replace</c>, as IP and ESP32 cameras serve it) read with HttpClient and
/// decoded by OpenCV, so it works with any OpenCV build, including those whose FFmpeg has no network protocols.
/// </summary>
internal sealed class MjpegHttpSource : IDisposable
{
    private const int MaxBadParts = 5;

    private readonly string _url;
    private readonly string _display;
    private readonly TimeSpan _openTimeout;
    private HttpClient? _client;
    private HttpResponseMessage? _response;
    private MultipartJpegReader? _reader;

    public MjpegHttpSource(string url, string display, TimeSpan openTimeout)
    {
        _url = url;
        _display = display;
        _openTimeout = openTimeout;
    }

    /// <summary>Connects; returns false (connection closed) when the server answers with something other than multipart.</summary>
    public bool TryOpen(CancellationToken cancellationToken)
    {
        Close();
        _client ??= new HttpClient(new SocketsHttpHandler { ConnectTimeout = _openTimeout, AllowAutoRedirect = true })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, _url);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_openTimeout);
        HttpResponseMessage response;
        try
        {
            response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FrameSourceException(_display, $"no answer within {_openTimeout.TotalSeconds:0.#} s", transient: true);
        }
        catch (HttpRequestException ex)
        {
            throw new FrameSourceException(_display, $"cannot connect: {ex.Message}", transient: true, ex);
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = response.StatusCode;
            response.Dispose();
            var permanent = (int)status is >= 400 and < 500 && status is not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests;
            throw new FrameSourceException(_display, $"the server answered HTTP {(int)status} {status}", transient: !permanent);
        }

        var type = response.Content.Headers.ContentType;
        var boundary = type?.Parameters.FirstOrDefault(p => p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))?.Value;
        if (type?.MediaType is not { } media || !media.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(boundary))
        {
            response.Dispose();
            return false;
        }

        _response = response;
        _reader = new MultipartJpegReader(response.Content.ReadAsStream(cancellationToken), boundary);
        return true;
    }

    public void Read(Mat into, CancellationToken cancellationToken)
    {
        var reader = _reader ?? throw new InvalidOperationException($"source {_display} is not open");
        using var abort = cancellationToken.UnsafeRegister(static s => ((MjpegHttpSource)s!).Abort(), this);
        for (var bad = 0; ; bad++)
        {
            int length;
            try
            {
                length = reader.ReadPart();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidDataException or HttpRequestException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new FrameSourceException(_display, $"stream broke: {ex.Message}", transient: true, ex);
            }

            using var image = Cv2.ImDecode(reader.Part(length), ImreadModes.Color);
            if (!image.Empty())
            {
                image.CopyTo(into);
                return;
            }

            if (bad == MaxBadParts)
                throw new FrameSourceException(_display, $"{MaxBadParts + 1} parts in a row were not decodable JPEG images", transient: true);
        }
    }

    public void Close()
    {
        _reader = null;
        _response?.Dispose();
        _response = null;
    }

    public void Dispose()
    {
        Close();
        _client?.Dispose();
        _client = null;
    }

    private void Abort() => _response?.Dispose();
}
