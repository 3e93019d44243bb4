using DeepSeek.Edge.Agent.Configuration;

namespace DeepSeek.Edge.Agent.Tests.Captures;

public sealed class CaptureOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass() => Assert.Empty(new CaptureOptions().Validate("Agent:Cameras:0:Capture"));

    [Theory]
    [InlineData(0.6f, 0.35f, 85, 1280, "Agent:Cameras:0:Capture:BandMax: 0.35 is below Agent:Cameras:0:Capture:BandMin (0.6)")]
    [InlineData(-0.1f, 0.6f, 85, 1280, "Agent:Cameras:0:Capture:BandMin: -0.1 must be between 0 and 1")]
    [InlineData(0.35f, 0.6f, 0, 1280, "Agent:Cameras:0:Capture:JpegQuality: 0 is out of range; use 1-100")]
    [InlineData(0.35f, 0.6f, 85, 8, "Agent:Cameras:0:Capture:MaxSide: 8 is out of range; use 16-16384 pixels, or 0")]
    public void Validate_BadValue_NamesTheKeyAndTheFix(float min, float max, int quality, int maxSide, string expected)
    {
        var errors = new CaptureOptions { BandMin = min, BandMax = max, JpegQuality = quality, MaxSide = maxSide }.Validate("Agent:Cameras:0:Capture");

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void AgentValidator_BadCaptureOption_FailsTheStartNamingTheKey()
    {
        var options = new AgentOptions();
        options.Cameras.Add(new CameraOptions { Name = "door", Source = "test:", Model = "m", Capture = new CaptureOptions { MaxPerHour = -1 } });

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.Contains("Agent:Cameras:0:Capture:MaxPerHour: -1 must not be negative", result.FailureMessage);
    }
}
