using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DeepSeek.Edge.Agent.Tls;
using MQTTnet;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>The CA and client certificate of <see cref="MqttTlsOptions"/>, loaded once from PEM files, and the broker certificate check.</summary>
internal sealed class MqttTlsCertificates : IDisposable
{
    private readonly X509Certificate2Collection _ca = [];
    private readonly X509Certificate2? _client;
    private readonly bool _allowUntrusted;

    /// <summary>True when the broker's certificate is not checked (<see cref="MqttTlsOptions.AllowUntrustedForTests"/>).</summary>
    public bool AllowsUntrusted => _allowUntrusted;

    public MqttTlsCertificates(MqttTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _allowUntrusted = options.AllowUntrustedForTests;
        if (options.CaFile is not null) _ca.ImportFromPemFile(options.CaFile);
        if (options.ClientCertFile is not null && options.ClientKeyFile is not null)
            _client = X509Certificate2.CreateFromPemFile(options.ClientCertFile, options.ClientKeyFile);
    }

    public MqttClientTlsOptions CreateClientOptions(string host)
    {
        var builder = new MqttClientTlsOptionsBuilder()
            .UseTls()
            .WithTargetHost(host)
            .WithCertificateValidationHandler(args => IsTrusted(args.Certificate, args.Chain, args.SslPolicyErrors));
        if (_client is not null) builder = builder.WithClientCertificates(new X509Certificate2Collection(_client));
        return builder.Build();
    }

    public void Dispose()
    {
        _client?.Dispose();
        foreach (var c in _ca) c.Dispose();
    }

    private bool IsTrusted(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        _allowUntrusted || ServerCertificateChain.IsTrusted(certificate, chain, errors, _ca, systemRootsToo: false);
}
