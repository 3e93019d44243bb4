using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeepSeek.Edge.Agent.Tls;

namespace DeepSeek.Edge.Agent.Ota.Http;

/// <summary>
/// Server certificate check for <see cref="HttpDownloadOptions.CaFile"/>: a certificate the system roots accept passes; one that
/// fails only on its chain passes when <see cref="ServerCertificateChain"/> (the same check as the MQTT broker's) accepts it
/// against the CAs of the file. A name mismatch never passes.
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

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        ServerCertificateChain.IsTrusted(certificate, chain, errors, _roots, systemRootsToo: true);
}
