using DeepSeek.Edge.Pipelines.Sources;

namespace DeepSeek.Edge.Pipelines.Tests.Sources;

public sealed class SecretRedactionTests
{
    [Theory]
    [InlineData("rtsp://admin:secret@10.0.0.5:554/stream1", "rtsp://***@10.0.0.5:554/stream1")]
    [InlineData("rtsp://admin@cam/x", "rtsp://***@cam/x")]
    [InlineData("camera failed: cannot open \"rtsp://u:p%40ss@cam:554/h264\" (timeout)", "camera failed: cannot open \"rtsp://***@cam:554/h264\" (timeout)")]
    [InlineData("http://cam/video.mjpg?user=viewer&token=abc123&fps=5", "http://cam/video.mjpg?user=viewer&token=***&fps=5")]
    [InlineData("https://cam/snap?api_key=k1&Password=p2", "https://cam/snap?api_key=***&Password=***")]
    [InlineData("two: rtsp://a:b@x/1 and rtsp://c:d@y/2", "two: rtsp://***@x/1 and rtsp://***@y/2")]
    public void Redact_TextWithSecrets_MasksThem(string text, string expected) => Assert.Equal(expected, SecretRedaction.Redact(text));

    [Theory]
    [InlineData("file:/data/videos/door.avi")]
    [InlineData("rtsp://10.0.0.5:554/stream1?channel=1")]
    [InlineData("mail me at ops@example.com")]
    [InlineData("v4l2:/dev/video0?width=1280&height=720")]
    public void Redact_TextWithoutSecrets_IsUnchanged(string text)
    {
        Assert.Equal(text, SecretRedaction.Redact(text));
        Assert.False(SecretRedaction.HasSecret(text));
    }
}
