namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>
/// The storage tests run on both engines: <c>[Theory, MemberData(nameof(StorageEngines.Both), MemberType = typeof(StorageEngines))]</c>
/// in a class of this collection, which shares one real PostgreSQL per test run; each test gets a database of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class StorageEngines : ICollectionFixture<PostgresServer>
{
    public const string Name = "storage engines";

    public static TheoryData<string> Both => new() { "sqlite", "postgres" };

    /// <summary>The console's <c>Database</c> setting for a test: null (SQLite in its data directory) or a fresh PostgreSQL database.</summary>
    public static string? Database(string engine, PostgresServer postgres) => engine switch
    {
        "sqlite" => null,
        "postgres" => postgres.CreateDatabase(),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "sqlite or postgres"),
    };
}
