using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeepSeek.Edge.Agent.Ota.Http;

/// <summary>
/// Server certificate check for <see cref="HttpDownloadOptions.CaFile"/>: a certificate the system roots accept passes; one that
/// fails only on its chain passes when it chains up to a CA of the file (<see cref="X509ChainTrustMode.CustomRootTrust"/>; no
/// revocation check, since private CAs rarely publish reachable revocation lists). A name mismatch never passes.
/// </summary>
internal sealed class PrivateCaTrust
{
    private readonly X509Certificate2Collection _roots;

    private PrivateCaTrust(X509Certificate2Collection roots) => _roots = roots;

    /// <summary>Reads the CA certificates; throws <see cref="ArgumentException"/> naming the file when it has none or cannot be read.</summary>
    public static PrivateCaTrust Load(string caFile)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ArgumentException($"{HttpDownloadOptions.SectionName}:CaFile: cannot read {caFile} ({ex.Message}); point it at a PEM file with the CA certificate", ex);
        }

        if (roots.Count == 0)
            throw new ArgumentException($"{HttpDownloadOptions.SectionName}:CaFile: {caFile} holds no PEM certificate; it must contain a -----BEGIN CERTIFICATE----- block of the CA");
        return new PrivateCaTrust(roots);
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null) return false;

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            // Intermediates the server sent along.
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            return custom.Build(leaf);
        }
        finally
        {
            if (!ReferenceEquals(leaf, certificate)) leaf.Dispose();
        }
    }
}
