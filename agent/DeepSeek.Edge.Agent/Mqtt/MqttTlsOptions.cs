namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>TLS to the broker (section <c>Mqtt:Tls</c>). Files are PEM.</summary>
public sealed class MqttTlsOptions
{
    public bool Enabled { get; set; }

    /// <summary>CA certificate(s) that sign the broker's certificate; when unset the system trust store is used.</summary>
    public string? CaFile { get; set; }

    /// <summary>Client certificate for mutual TLS (requires <see cref="ClientKeyFile"/>).</summary>
    public string? ClientCertFile { get; set; }

    /// <summary>Private key of <see cref="ClientCertFile"/> (PKCS#8, EC or RSA, unencrypted).</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>Accept any broker certificate. For tests only: it removes the protection TLS gives.</summary>
    public bool AllowUntrustedForTests { get; set; }
}
