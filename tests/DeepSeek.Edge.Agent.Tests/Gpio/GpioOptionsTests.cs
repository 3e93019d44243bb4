using DeepSeek.Edge.Agent.Gpio;
using Microsoft.Extensions.Configuration;

namespace DeepSeek.Edge.Agent.Tests.Gpio;

public sealed class GpioOptionsTests
{
    private static GpioOptions Valid()
    {
        var options = new GpioOptions { Enabled = true };
        options.Outputs.Add(new GpioOutputOptions { Pin = 12, Label = "person" });
        options.Outputs.Add(new GpioOutputOptions { Pin = 13, Label = "car", Camera = "gate" });
        options.Inputs.Add(new GpioInputOptions { Pin = 7, Camera = "dock" });
        return options;
    }

    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        Assert.Empty(new GpioOptions().Validate());
    }

    [Fact]
    public void Validate_Disabled_IgnoresBadEntries()
    {
        var options = Valid();
        options.Enabled = false;
        options.Inputs[0].Edge = "sideways";

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_ValidConfiguration_NoErrors()
    {
        Assert.Empty(Valid().Validate());
    }

    [Fact]
    public void Validate_EnabledWithoutPins_SaysToAddOneOrDisable()
    {
        var error = Assert.Single(new GpioOptions { Enabled = true }.Validate());

        Assert.Contains("Gpio:Enabled to false", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicatePin_NamesBothKeys()
    {
        var options = Valid();
        options.Outputs[1].Pin = 12;

        var error = Assert.Single(options.Validate());

        Assert.StartsWith("Gpio:Outputs:1:Pin is 12, which Gpio:Outputs:0:Pin already uses", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InputOnOutputPin_NamesInputKey()
    {
        var options = Valid();
        options.Inputs[0].Pin = 13;

        var error = Assert.Single(options.Validate());

        Assert.StartsWith("Gpio:Inputs:0:Pin is 13, which Gpio:Outputs:1:Pin already uses", error, StringComparison.Ordinal);
    }

    public static TheoryData<Action<GpioOptions>, string> BadEntries => new()
    {
        { o => o.Chip = -1, "Gpio:Chip is -1" },
        { o => o.Outputs[1].Pin = -1, "Gpio:Outputs:1:Pin is -1" },
        { o => o.Outputs[0].Pin = 5000, "Gpio:Outputs:0:Pin is 5000" },
        { o => o.Outputs[0].Label = " ", "Gpio:Outputs:0:Label is empty" },
        { o => o.Outputs[1].MinScore = 1.5f, "Gpio:Outputs:1:MinScore is 1.5" },
        { o => o.Outputs[0].HoldMs = -1, "Gpio:Outputs:0:HoldMs is -1" },
        { o => o.Inputs[0].Pin = -3, "Gpio:Inputs:0:Pin is -3" },
        { o => o.Inputs[0].Camera = "", "Gpio:Inputs:0:Camera is empty" },
        { o => o.Inputs[0].Edge = "sideways", "Gpio:Inputs:0:Edge is 'sideways': use Rising, Falling or Both." },
        { o => o.Inputs[0].Pull = "strong", "Gpio:Inputs:0:Pull is 'strong': use None, Up or Down." },
        { o => o.Inputs[0].DebounceMs = -5, "Gpio:Inputs:0:DebounceMs is -5" },
    };

    [Theory]
    [MemberData(nameof(BadEntries))]
    public void Validate_BadEntry_ErrorNamesTheKey(Action<GpioOptions> spoil, string expectedStart)
    {
        var options = Valid();
        spoil(options);

        var error = Assert.Single(options.Validate());

        Assert.StartsWith(expectedStart, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_BadEntry_FailsWithTheMessage()
    {
        var options = Valid();
        options.Inputs[0].Edge = "up";

        var result = new DeepSeek.Edge.Agent.Hosting.SelfValidatingOptionsValidator<GpioOptions>().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Gpio:Inputs:0:Edge", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_ConfigurationSection_ReadsOutputsAndInputs()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gpio:Enabled"] = "true",
            ["Gpio:Chip"] = "1",
            ["Gpio:Outputs:0:Pin"] = "12",
            ["Gpio:Outputs:0:Label"] = "person",
            ["Gpio:Outputs:0:Camera"] = "gate",
            ["Gpio:Outputs:0:MinScore"] = "0.7",
            ["Gpio:Outputs:0:HoldMs"] = "2500",
            ["Gpio:Outputs:0:ActiveLow"] = "true",
            ["Gpio:Inputs:0:Pin"] = "7",
            ["Gpio:Inputs:0:Camera"] = "dock",
            ["Gpio:Inputs:0:Edge"] = "Rising",
        }).Build();

        var options = new GpioOptions();
        config.GetSection(GpioOptions.SectionName).Bind(options);

        Assert.Empty(options.Validate());
        Assert.Equal(1, options.Chip);
        var output = Assert.Single(options.Outputs);
        Assert.Equal((12, "person", "gate", 0.7f, 2500, true), (output.Pin, output.Label, output.Camera, output.MinScore, output.HoldMs, output.ActiveLow));
        var input = Assert.Single(options.Inputs);
        Assert.Equal((7, "dock", "Rising", "Up", 50), (input.Pin, input.Camera, input.Edge, input.Pull, input.DebounceMs));
    }
}
