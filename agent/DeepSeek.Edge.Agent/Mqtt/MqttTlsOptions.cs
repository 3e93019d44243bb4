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

    /// <summary>The environment variable that must be <c>1</c> for <see cref="AllowUntrustedForTests"/> to be accepted.</summary>
    public const string AllowUntrustedVariable = "DEEPSEEK_EDGE_ALLOW_UNTRUSTED_TLS";

    /// <summary>
    /// Accept any broker certificate. For tests only: it removes the protection TLS gives. Refused at start unless the
    /// environment variable <see cref="AllowUntrustedVariable"/> is <c>1</c>; when accepted it is logged as a warning at start
    /// and at every connect.
    /// </summary>
    public bool AllowUntrustedForTests { get; set; }
}
