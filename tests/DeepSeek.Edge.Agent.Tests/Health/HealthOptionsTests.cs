using DeepSeek.Edge.Agent.Health;

namespace DeepSeek.Edge.Agent.Tests.Health;

public sealed class HealthOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        Assert.Empty(new HealthOptions().Validate());
    }

    public static TheoryData<Action<HealthOptions>, string> BadEntries => new()
    {
        { o => o.RootPath = "", "Health:RootPath is empty" },
        { o => o.RootPath = "/no/such/root", "Health:RootPath is '/no/such/root', which does not exist" },
        { o => o.DataDirectory = " ", "Health:DataDirectory is empty" },
    };

    [Theory]
    [MemberData(nameof(BadEntries))]
    public void Validate_BadEntry_ErrorNamesTheKey(Action<HealthOptions> spoil, string expectedStart)
    {
        var options = new HealthOptions();
        spoil(options);

        var error = Assert.Single(options.Validate());

        Assert.StartsWith(expectedStart, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_BadEntry_Fails()
    {
        var result = new DeepSeek.Edge.Agent.Hosting.SelfValidatingOptionsValidator<HealthOptions>().Validate(null, new HealthOptions { RootPath = "" });

        Assert.True(result.Failed);
        Assert.Contains("Health:RootPath", result.FailureMessage, StringComparison.Ordinal);
    }
}
