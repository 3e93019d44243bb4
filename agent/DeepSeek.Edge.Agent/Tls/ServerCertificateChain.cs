using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeepSeek.Edge.Agent.Tls;

/// <summary>
/// The one check of a TLS server's certificate against private CA certificates, used for the MQTT broker
/// (<c>Mqtt:Tls:CaFile</c>) and for <c>https://</c> package sources (<c>Ota:HttpsCaFile</c>): the host name must match, the
/// chain is built up to one of the given roots (<see cref="X509ChainTrustMode.CustomRootTrust"/>) with the intermediates the
/// server sent as extra certificates, the leaf must carry the serverAuth extended key usage, and revocation is not checked
/// (private CAs rarely publish reachable revocation lists).
/// </summary>
internal static class ServerCertificateChain
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    /// <param name="roots">The private CA certificates.</param>
    /// <param name="systemRootsToo">True: a certificate the system roots accept passes as well; false: only <paramref name="roots"/> count.</param>
    public static bool IsTrusted(X509Certificate? certificate, X509Chain? sent, SslPolicyErrors errors, X509Certificate2Collection roots, bool systemRootsToo)
    {
        ArgumentNullException.ThrowIfNull(roots);
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0) return false;
        if (roots.Count == 0 || (systemRootsToo && errors == SslPolicyErrors.None)) return errors == SslPolicyErrors.None;

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            if (!HasServerAuth(leaf)) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuth));
            if (sent is not null)
            {
                // The intermediates the server sent along with its certificate.
                chain.ChainPolicy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
                foreach (var element in sent.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }

            return chain.Build(leaf);
        }
        finally
        {
            if (!ReferenceEquals(leaf, certificate)) leaf.Dispose();
        }
    }

    /// <summary>A server certificate must name serverAuth in its extended key usage: a client or signing certificate is no server's.</summary>
    private static bool HasServerAuth(X509Certificate2 leaf) =>
        leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == ServerAuth));
}
