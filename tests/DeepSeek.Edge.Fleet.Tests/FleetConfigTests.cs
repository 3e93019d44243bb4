using DeepSeek.Edge.Fleet.Configuration;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>fleet.json: a typo or a bad value is refused at start with the key named.</summary>
public sealed class FleetConfigTests
{
    [Fact]
    public void Load_UnknownKeysAndBadValues_AreNamedWithTheFix()
    {
        using var dir = new TempDirectory("dsfleet-config");
        File.WriteAllText(dir.File("fleet.json"), """{"Brokr":"x","Retention":{"RawDay":3},"Listen":"ftp://x","TopicPrefix":"a/b"}""");
        var error = Assert.Throws<FleetConfigException>(() => FleetConfig.Load(dir.File("fleet.json")));
        Assert.Contains("unknown key \"Brokr\" (did you mean \"Broker\"?)", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown key \"Retention:RawDay\" (did you mean \"Retention:RawDays\"?)", error.Message, StringComparison.Ordinal);

        File.WriteAllText(dir.File("fleet.json"), """{"Listen":"ftp://x","TopicPrefix":"a/b","OfflineAfterSeconds":1}""");
        error = Assert.Throws<FleetConfigException>(() => FleetConfig.Load(dir.File("fleet.json")));
        Assert.Contains("Listen \"ftp://x\" is not an http(s)://HOST:PORT address", error.Message, StringComparison.Ordinal);
        Assert.Contains("TopicPrefix \"a/b\" is not one topic level", error.Message, StringComparison.Ordinal);
        Assert.Contains("OfflineAfterSeconds 1 is outside 5-86400", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Database_APostgresUrlOrHostString_SelectsPostgres_AndOneWithoutADatabaseIsRefusedNamingTheKey()
    {
        Assert.Equal(Storage.DatabaseEngine.Sqlite, Storage.DatabaseSetting.EngineOf("Data Source=/var/lib/fleet.db"));
        Assert.Equal(Storage.DatabaseEngine.Postgres, Storage.DatabaseSetting.EngineOf("Host=db;Database=fleet;Username=fleet"));
        Assert.Equal(Storage.DatabaseEngine.Postgres, Storage.DatabaseSetting.EngineOf("postgres://fleet:s%40cret@db.internal:5433/fleet?sslmode=require"));
        var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(Storage.DatabaseSetting.Npgsql("postgres://fleet:s%40cret@db.internal:5433/fleet?sslmode=require"));
        Assert.Equal(("db.internal", 5433, "fleet", "fleet", "s@cret", Npgsql.SslMode.Require),
            (npgsql.Host, npgsql.Port, npgsql.Database, npgsql.Username, npgsql.Password, npgsql.SslMode));

        var error = Assert.Throws<FleetConfigException>(() => FleetConfig.Load(null, [new("Database", "postgres://fleet@db.internal")]));
        Assert.Contains("Database (PostgreSQL) names no database (postgres://…/DATABASE or Database=…)", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<FleetConfigException>(() => FleetConfig.Load(null, [new("Retention:RawDays", "40"), new("Retention:BatchSize", "5")]));
        Assert.Contains("RawDays 40 <= MinuteDays 30", error.Message, StringComparison.Ordinal);
        Assert.Contains("Retention:BatchSize 5 is outside 100-100000 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WithAPostgresThatIsNotThere_FailsNamingTheDatabaseSetting()
    {
        using var dir = new TempDirectory("dsfleet-nodb");
        var options = new FleetOptions { DataDirectory = dir.Path, Database = $"Host=127.0.0.1;Port={FreePort.Next()};Database=fleet;Username=fleet;Timeout=3" };
        var error = Assert.Throws<FleetConfigException>(() => Hosting.FleetHost.Build(options, []));
        Assert.StartsWith("Database: the Postgres database cannot be opened or migrated (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ThePackagedConfig_IsValid()
    {
        var options = FleetConfig.Load(Path.Combine(DeepSeek.Edge.Testing.TestAssets.RepoRoot, "packaging", "config", "fleet.json"));
        Assert.Equal("embedded", options.Broker);
    }
}
