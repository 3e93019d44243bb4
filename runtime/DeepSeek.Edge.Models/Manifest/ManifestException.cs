namespace DeepSeek.Edge.Models.Manifest;

/// <summary>A model manifest that breaks the contract. Names the JSON path, the offending value and what is allowed.</summary>
public sealed class ManifestException : Exception
{
    public ManifestException(string jsonPath, string problem, string? source = null)
        : base($"{source ?? "manifest"}: {jsonPath}: {problem}")
    {
        JsonPath = jsonPath;
        Problem = problem;
    }

    public ManifestException() : base("invalid manifest") { JsonPath = "$"; Problem = "invalid"; }

    public ManifestException(string message) : base(message) { JsonPath = "$"; Problem = message; }

    public ManifestException(string message, Exception inner) : base(message, inner) { JsonPath = "$"; Problem = message; }

    /// <summary>Where in the document the problem is, e.g. <c>$.input.mean[2]</c>.</summary>
    public string JsonPath { get; }

    /// <summary>The problem alone, without the path.</summary>
    public string Problem { get; }
}
