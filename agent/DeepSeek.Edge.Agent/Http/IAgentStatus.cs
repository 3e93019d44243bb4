using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Agent.Http;

/// <summary>What the local status endpoint shows: health, cameras and their latest annotated frames.</summary>
public interface IAgentStatus
{
    AgentHealth GetHealth();

    IReadOnlyList<string> CameraNames { get; }

    /// <summary>The latest annotated frame of a camera as JPEG, or null when the camera is unknown or has none yet.</summary>
    JpegFrame? LatestJpeg(string camera);
}
