using DeepSeek.Edge.Agent.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.Mqtt;

public sealed class MqttLinkOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors() => Assert.Empty(new MqttLinkOptions().Validate());

    [Fact]
    public void Validate_PortOutOfRange_ErrorNamesKeyAndRange()
    {
        var errors = new MqttLinkOptions { Port = 70000 }.Validate();

        Assert.Equal(["Mqtt:Port: 70000 is not a port; use 1-65535"], errors);
    }

    [Theory]
    [InlineData("DeviceId", "cam/01")]
    [InlineData("DeviceId", "cam+01")]
    [InlineData("TopicPrefix", "dsedge/")]
    [InlineData("TopicPrefix", "ds/#")]
    [InlineData("TopicPrefix", "$SYS")]
    [InlineData("Broker", "not a host")]
    public void Validate_BadTopicLevelOrHost_ErrorNamesKey(string key, string value)
    {
        var options = new MqttLinkOptions();
        typeof(MqttLinkOptions).GetProperty(key)!.SetValue(options, value);

        var error = Assert.Single(options.Validate());

        Assert.StartsWith($"Mqtt:{key}: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientCertWithoutKey_ErrorNamesMissingKey()
    {
        var cert = Path.GetTempFileName();
        try
        {
            var options = new MqttLinkOptions { Tls = new MqttTlsOptions { Enabled = true, ClientCertFile = cert } };

            var error = Assert.Single(options.Validate());

            Assert.StartsWith("Mqtt:Tls:ClientKeyFile: ", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(cert);
        }
    }

    [Fact]
    public void Validate_EmbeddedWithTlsAndMissingCa_ReportsBoth()
    {
        var options = new MqttLinkOptions { Broker = "embedded", Tls = new MqttTlsOptions { Enabled = true, CaFile = "/nonexistent/ca.pem" } };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith("Mqtt:Tls:Enabled: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Mqtt:Tls:CaFile: file \"/nonexistent/ca.pem\" does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MaxDelayBelowMinDelay_ErrorNamesBothKeys()
    {
        var options = new MqttLinkOptions { ReconnectMinDelay = TimeSpan.FromSeconds(10), ReconnectMaxDelay = TimeSpan.FromSeconds(1) };

        var error = Assert.Single(options.Validate());

        Assert.Contains("Mqtt:ReconnectMaxDelay:", error, StringComparison.Ordinal);
        Assert.Contains("Mqtt:ReconnectMinDelay", error, StringComparison.Ordinal);
    }

    [Fact]
    public void EffectiveClientId_NotSet_IsDeviceId()
    {
        var options = new MqttLinkOptions { DeviceId = "cam-7" };

        Assert.Equal("cam-7", options.EffectiveClientId);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithTheErrors()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new MqttConnectionSupervisor(new MqttLinkOptions { Port = 0 }, NullLogger<MqttConnectionSupervisor>.Instance, TimeProvider.System));

        Assert.Contains("Mqtt:Port: 0 is not a port", e.Message, StringComparison.Ordinal);
    }
}
