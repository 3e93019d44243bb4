using DeepSeek.Edge.Agent.Configuration;

namespace DeepSeek.Edge.Agent.Tests.Configuration;

public sealed class AgentOptionsValidatorTests
{
    [Fact]
    public void Validate_DefaultConfigWithOneCamera_Passes()
    {
        var result = new AgentOptionsValidator().Validate(null, WithCamera(new CameraOptions { Name = "door", Source = "file:/v.avi", Model = "m" }));
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("Source", "webcam0", "Agent:Cameras:0:Source: \"webcam0\" has no known scheme")]
    [InlineData("Providers", "tensorrt,npu", "Agent:Cameras:0:Providers: unknown execution provider \"npu\"")]
    [InlineData("Name", "front door", "Agent:Cameras:0:Name: \"front door\"")]
    [InlineData("Model", "", "Agent:Cameras:0:Model: is empty")]
    public void Validate_BadCameraKey_NamesTheKeyAndTheFix(string key, string value, string expected)
    {
        var camera = new CameraOptions { Name = "door", Source = "file:/v.avi", Model = "m" };
        typeof(CameraOptions).GetProperty(key)!.SetValue(camera, value);

        var result = new AgentOptionsValidator().Validate(null, WithCamera(camera));

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
    }

    [Fact]
    public void Validate_TwoCamerasWithOneName_SaysNamesMustBeUnique()
    {
        var options = WithCamera(new CameraOptions { Name = "door", Source = "test:", Model = "m" });
        options.Cameras.Add(new CameraOptions { Name = "door", Source = "test:", Model = "m" });

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.Contains("Agent:Cameras:1:Name: \"door\" is used by another camera", result.FailureMessage);
    }

    private static AgentOptions WithCamera(CameraOptions camera)
    {
        var options = new AgentOptions { DeviceId = "dev-1" };
        options.Cameras.Add(camera);
        return options;
    }
}
