namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>An options section that checks itself: every problem, each naming its key and the fix; empty when valid.</summary>
public interface ISelfValidatingOptions
{
    IReadOnlyList<string> Validate();
}
