using System.Text;
using Microsoft.AspNetCore.Http;

namespace DeepSeek.Edge.Agent.Http;

/// <summary>Streams a camera's annotated frames as MJPEG (multipart/x-mixed-replace) until the client goes away.</summary>
internal static class MjpegStream
{
    private const string Boundary = "dsedgeframe";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(33);

    public static async Task WriteAsync(HttpContext context, IAgentStatus status, string camera)
    {
        if (!status.CameraNames.Contains(camera))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync($"unknown camera \"{camera}\"; cameras: {string.Join(", ", status.CameraNames)}", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = $"multipart/x-mixed-replace; boundary={Boundary}";
        context.Response.Headers.CacheControl = "no-cache";
        var body = context.Response.Body;
        long lastSent = -1;
        using var timer = new PeriodicTimer(Poll);
        try
        {
            do
            {
                if (status.LatestJpeg(camera) is not { } frame || frame.FrameId == lastSent) continue;
                var header = Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: {frame.Jpeg.Length}\r\n\r\n");
                await body.WriteAsync(header, context.RequestAborted).ConfigureAwait(false);
                await body.WriteAsync(frame.Jpeg, context.RequestAborted).ConfigureAwait(false);
                await body.WriteAsync("\r\n"u8.ToArray(), context.RequestAborted).ConfigureAwait(false);
                await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                lastSent = frame.FrameId;
            }
            while (await timer.WaitForNextTickAsync(context.RequestAborted).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // the viewer closed the page
        }
    }
}
