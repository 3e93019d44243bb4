namespace DeepSeek.Edge.Agent.Http;

/// <summary>An encoded annotated frame and its frame id (so a stream sends each frame once).</summary>
public sealed record JpegFrame(long FrameId, byte[] Jpeg);
