namespace DeepSeek.Edge.Agent.Cli.Device;

/// <summary>What <c>ds-edge device init</c> was given.</summary>
internal sealed record DeviceSettings(
    string Id, string Broker, string? Prefix, string? CaFile, string? CertFile, string? KeyFile, string? Username, string? PasswordFile,
    string[] Groups, string[] TrustedKeys)
{
    public bool UsesTls => CaFile is not null || CertFile is not null;

    /// <summary>The broker as HOST:PORT (the default port filled in), or the argument as given when it does not parse.</summary>
    public string BrokerShown => Distribution.BrokerAddress.TryParse(Broker, out var a) ? a.ToString() : Broker;
}
