namespace DeepSeek.Edge.Protocol.Documents.Local;

/// <summary>
/// One camera on the status page: the model it runs (<c>name@version</c>) and the one its desired state names, the latest update
/// (as on <c>models/state</c>), every execution provider tried for the running model (with why each unused one was not used),
/// and stage latencies over its latest inferred frames.
/// </summary>
public sealed record CameraDetail(string Name, IReadOnlyList<ProviderTry> Providers, IReadOnlyList<StageLatency> Latency)
{
    public string? Model { get; init; }

    public string? Desired { get; init; }

    public CameraUpdate? Update { get; init; }
}

/// <summary>An execution provider of the camera's chain: <c>used</c> for the one serving the model, else the reason it could not be.</summary>
public sealed record ProviderTry(string Provider, bool Used)
{
    public string? Reason { get; init; }
}

/// <summary>
/// Milliseconds one stage took over the camera's latest <c>samples</c> inferred frames: <c>capture</c> (reading and decoding the
/// frame), <c>queue</c>, <c>preprocess</c>, <c>inference</c>, <c>decode</c> (the model's outputs) and <c>total</c> (read to result).
/// </summary>
public sealed record StageLatency(string Stage, int Samples, double P50Ms, double P95Ms);
