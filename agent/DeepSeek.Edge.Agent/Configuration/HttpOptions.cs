namespace DeepSeek.Edge.Agent.Configuration;

/// <summary>The local status endpoint; loopback only unless configured otherwise.</summary>
public sealed class HttpOptions
{
    public bool Enabled { get; set; } = true;

    public string Urls { get; set; } = "http://127.0.0.1:8080";
}
