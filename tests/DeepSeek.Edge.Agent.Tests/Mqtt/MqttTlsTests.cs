using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Agent.Tests.Broker;

namespace DeepSeek.Edge.Agent.Tests.Mqtt;

/// <summary>TLS and mutual TLS against mosquitto with a CA, broker and client certificates made by openssl.</summary>
public sealed class MqttTlsTests(TestCertificates certs) : IClassFixture<TestCertificates>
{
    [Fact]
    public async Task Connect_TlsWithTestCa_Connects()
    {
        using var broker = MosquittoBroker.Start(certs.Listener(requireClientCertificate: false));
        var options = TestLinks.Options(broker.Port);
        options.Tls = new MqttTlsOptions { Enabled = true, CaFile = certs.CaFile };

        await using var link = await TestLinks.StartConnectedAsync(options);

        Assert.True(link.IsConnected);
    }

    [Fact]
    public async Task Connect_MutualTlsWithClientCertificate_Connects()
    {
        using var broker = MosquittoBroker.Start(certs.Listener(requireClientCertificate: true));
        var options = TestLinks.Options(broker.Port);
        options.Tls = new MqttTlsOptions { Enabled = true, CaFile = certs.CaFile, ClientCertFile = certs.ClientCertFile, ClientKeyFile = certs.ClientKeyFile };

        await using var link = await TestLinks.StartConnectedAsync(options);

        Assert.True(link.IsConnected);
    }

    [Fact]
    public async Task Connect_MutualTlsWithoutClientCertificate_FailsAndKeepsTrying()
    {
        using var broker = MosquittoBroker.Start(certs.Listener(requireClientCertificate: true));
        var options = TestLinks.Options(broker.Port);
        options.Tls = new MqttTlsOptions { Enabled = true, CaFile = certs.CaFile };
        await using var link = TestLinks.Create(options);
        var secondFailure = TestLinks.NthChange(link, 2, e => e.Error is not null);

        await link.StartAsync(CancellationToken.None);
        await secondFailure.WaitAsync(TestTimeouts.Wait);

        Assert.False(link.IsConnected);
    }

    [Fact]
    public Task Connect_BrokerCertificateFromAnotherCa_Fails() =>
        AssertConnectFailsAsync(certs.Listener(requireClientCertificate: false), certs.OtherCaFile);

    [Fact]
    public async Task Connect_BrokerCertificateFromIntermediateSentByBroker_Connects()
    {
        using var broker = MosquittoBroker.Start(certs.IntermediateListener());
        var options = TestLinks.Options(broker.Port);
        options.Tls = new MqttTlsOptions { Enabled = true, CaFile = certs.CaFile };

        await using var link = await TestLinks.StartConnectedAsync(options);

        Assert.True(link.IsConnected);
    }

    [Fact]
    public Task Connect_BrokerCertificateWithoutServerAuthUsage_Fails() =>
        AssertConnectFailsAsync(certs.NoServerAuthListener(), certs.CaFile);

    /// <summary>A link that trusts <paramref name="caFile"/> fails its first connect to a broker serving <paramref name="listener"/>.</summary>
    private static async Task AssertConnectFailsAsync(MosquittoTls listener, string caFile)
    {
        using var broker = MosquittoBroker.Start(listener);
        var options = TestLinks.Options(broker.Port);
        options.Tls = new MqttTlsOptions { Enabled = true, CaFile = caFile };
        await using var link = TestLinks.Create(options);
        var firstFailure = TestLinks.NthChange(link, 1, e => e.Error is not null);

        await link.StartAsync(CancellationToken.None);
        await firstFailure.WaitAsync(TestTimeouts.Wait);

        Assert.False(link.IsConnected);
    }

    [Fact]
    public void Validate_AllowUntrustedWithoutEnvironmentFlag_IsRefusedNamingTheFlag()
    {
        Assert.NotEqual("1", Environment.GetEnvironmentVariable("DEEPSEEK_EDGE_ALLOW_UNTRUSTED_TLS"));
        var options = TestLinks.Options(1883);
        options.Tls = new MqttTlsOptions { Enabled = true, AllowUntrustedForTests = true };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.Contains("Mqtt:Tls:AllowUntrustedForTests", StringComparison.Ordinal) && e.Contains("DEEPSEEK_EDGE_ALLOW_UNTRUSTED_TLS=1", StringComparison.Ordinal));
    }
}
