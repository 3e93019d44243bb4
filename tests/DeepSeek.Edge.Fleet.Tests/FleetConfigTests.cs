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
    public void Load_ThePackagedConfig_IsValid()
    {
        var options = FleetConfig.Load(Path.Combine(DeepSeek.Edge.Testing.TestAssets.RepoRoot, "packaging", "config", "fleet.json"));
        Assert.Equal("embedded", options.Broker);
    }
}
