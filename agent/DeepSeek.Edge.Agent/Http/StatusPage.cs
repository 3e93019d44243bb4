namespace DeepSeek.Edge.Agent.Http;

/// <summary>
/// The local status page (StatusPage.html, embedded): one self-contained file that reads <c>/healthz</c> and <c>/status</c> every
/// second and shows health, cameras, updates, latencies, broker, outbox, recent problems and the live streams.
/// </summary>
internal static class StatusPage
{
    public static string Html { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(StatusPage).Assembly.GetManifestResourceStream("DeepSeek.Edge.Agent.Http.StatusPage.html")
            ?? throw new InvalidOperationException("the status page is not embedded in ds-edge (Http/StatusPage.html); rebuild the agent");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
