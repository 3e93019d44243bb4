namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>A fact that needs root (to mount a tmpfs); skipped, saying so, when the tests do not run as root.</summary>
internal sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!TmpfsMount.CanMount) Skip = "needs root to mount a tmpfs: run the tests as root to include it";
    }
}
