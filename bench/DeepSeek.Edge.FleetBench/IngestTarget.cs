namespace DeepSeek.Edge.FleetBench;

/// <summary>Where the ingest bench stores: <c>sqlite</c> (one console, its SQLite file), <c>pg1</c> / <c>pg2</c> (one or two replicas on one PostgreSQL).</summary>
internal sealed record IngestTarget(string Name, bool Postgres, int Replicas)
{
    public static IngestTarget Parse(string name) => name switch
    {
        "sqlite" => new(name, false, 1),
        "pg1" => new(name, true, 1),
        "pg2" => new(name, true, 2),
        _ => throw new ArgumentException($"--targets: \"{name}\" is not one of sqlite, pg1, pg2"),
    };
}
