namespace DeepSeek.Edge.Agent.Tests.Broker;

/// <summary>TLS settings of a test broker's listener.</summary>
public sealed record MosquittoTls(string CaFile, string CertFile, string KeyFile, bool RequireClientCertificate);
