using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Agent.Tests.Broker;

namespace DeepSeek.Edge.Agent.Tests.Mqtt;

public sealed class MqttPasswordFileTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-pwfile");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Validate_ReadablePasswordFileWithUsername_NoErrors()
    {
        var path = _dir.File("mqtt.pass");
        File.WriteAllText(path, "s3cret\n");

        Assert.Empty(new MqttLinkOptions { Username = "dev-1", PasswordFile = path }.Validate());
        Assert.Equal("s3cret", MqttPasswordFile.Read(path));
    }

    [Fact]
    public void Validate_MissingPasswordFile_ErrorNamesKeyAndFile()
    {
        var path = _dir.File("absent.pass");

        var error = Assert.Single(new MqttLinkOptions { Username = "dev-1", PasswordFile = path }.Validate());

        Assert.StartsWith("Mqtt:PasswordFile: ", error, StringComparison.Ordinal);
        Assert.Contains(path, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyPasswordFile_Error()
    {
        var path = _dir.File("empty.pass");
        File.WriteAllText(path, "\n");

        Assert.Contains("is empty", Assert.Single(new MqttLinkOptions { Username = "dev-1", PasswordFile = path }.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PasswordAndPasswordFile_ErrorSaysKeepOne()
    {
        var path = _dir.File("mqtt.pass");
        File.WriteAllText(path, "s3cret");

        var error = Assert.Single(new MqttLinkOptions { Username = "dev-1", Password = "x", PasswordFile = path }.Validate());

        Assert.Contains("keep only one", error, StringComparison.Ordinal);
    }
}
