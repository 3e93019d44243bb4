namespace DeepSeek.Edge.Testing.Broker;

/// <summary>
/// TLS settings of a test broker's listener. <paramref name="UseIdentityAsUsername"/>: a client's username is its
/// certificate's CN (and anonymous clients are refused), as with the shipped packaging/broker configuration.
/// </summary>
public sealed record MosquittoTls(string CaFile, string CertFile, string KeyFile, bool RequireClientCertificate, bool UseIdentityAsUsername = false);
