namespace DeepSeek.Edge.FleetBench;

/// <summary>
/// Where the ingest bench stores: <c>sqlite</c> (one console, its SQLite file), <c>pg1</c> / <c>pg2</c> (one or two replicas on one PostgreSQL);
/// <see cref="Executable"/> is the <c>ds-fleet</c> build that runs (null: this checkout's), <see cref="Label"/> how the tables name it.
/// </summary>
internal sealed record IngestTarget(string Name, bool Postgres, int Replicas, string? Executable = null)
{
    public bool IsBaseline => Executable is not null;

    public string Label => IsBaseline ? Name + " (baseline)" : Name;

    /// <summary>This target run by another build of <c>ds-fleet</c>, the baseline to compare this checkout's with.</summary>
    public IngestTarget WithBaseline(string executable) => this with { Executable = Path.GetFullPath(executable) };

    public static IngestTarget Parse(string name) => name switch
    {
        "sqlite" => new(name, false, 1),
        "pg1" => new(name, true, 1),
        "pg2" => new(name, true, 2),
        _ => throw new ArgumentException($"--targets: \"{name}\" is not one of sqlite, pg1, pg2"),
    };
}
