namespace DeepSeek.Edge.Testing;

/// <summary>How the test RTSP server asks for credentials (RFC 2617: the password in the clear, or a hash of it).</summary>
public enum RtspAuthentication
{
    Basic,
    Digest,
}
