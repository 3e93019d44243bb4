using System.Diagnostics;

namespace DeepSeek.Edge.Agent.Tests.Broker;

/// <summary>
/// A test CA, a broker certificate for 127.0.0.1/localhost and a client certificate signed by it, plus a second CA that
/// signed nothing the broker uses. Made with openssl (EC P-256) once per test class.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly TempDirectory _directory = new("dsedge-certs");
    private readonly Lock _gate = new();

    public TestCertificates()
    {
        Ca("ca");
        Ca("other-ca");
        Leaf("server", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
        Leaf("client", "/CN=test-device", "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n");
        Leaf("intermediate", "/CN=dsedge-test-intermediate", "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n");
        Leaf("via-intermediate", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n", "intermediate");
        File.WriteAllText(IntermediateChainFile, File.ReadAllText(_directory.File("via-intermediate.pem")) + File.ReadAllText(_directory.File("intermediate.pem")));
        Leaf("no-server-auth", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n");
    }

    public string CaFile => _directory.File("ca.pem");
    public string OtherCaFile => _directory.File("other-ca.pem");
    public string ServerCertFile => _directory.File("server.pem");
    public string ServerKeyFile => _directory.File("server.key");
    public string ClientCertFile => _directory.File("client.pem");
    public string ClientKeyFile => _directory.File("client.key");

    /// <summary>A broker certificate issued by an intermediate CA (itself issued by the test CA), followed by that intermediate.</summary>
    public string IntermediateChainFile => _directory.File("via-intermediate-chain.pem");

    /// <summary>The listener serving the intermediate-issued certificate with its chain.</summary>
    public MosquittoTls IntermediateListener() => new(CaFile, IntermediateChainFile, _directory.File("via-intermediate.key"), false);

    /// <summary>The listener serving a certificate of the test CA whose extended key usage is clientAuth only.</summary>
    public MosquittoTls NoServerAuthListener() => new(CaFile, _directory.File("no-server-auth.pem"), _directory.File("no-server-auth.key"), false);

    /// <summary>A client certificate of the test CA whose CN is <paramref name="commonName"/> (made on first use): its certificate and key files.</summary>
    public (string CertFile, string KeyFile) Client(string commonName)
    {
        var name = "client-" + commonName;
        lock (_gate)
        {
            if (!File.Exists(_directory.File(name + ".pem"))) Leaf(name, "/CN=" + commonName, "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n");
        }

        return (_directory.File(name + ".pem"), _directory.File(name + ".key"));
    }

    public MosquittoTls Listener(bool requireClientCertificate) => new(CaFile, ServerCertFile, ServerKeyFile, requireClientCertificate);

    public void Dispose() => _directory.Dispose();

    private void Ca(string name) =>
        OpenSsl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", _directory.File(name + ".key"), "-out", _directory.File(name + ".pem"), "-subj", "/CN=dsedge-test-" + name, "-days", "2");

    private void Leaf(string name, string subject, string extensions, string issuer = "ca")
    {
        var ext = _directory.File(name + ".ext");
        File.WriteAllText(ext, extensions);
        OpenSsl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", _directory.File(name + ".key"), "-out", _directory.File(name + ".csr"), "-subj", subject);
        OpenSsl("x509", "-req", "-in", _directory.File(name + ".csr"), "-CA", _directory.File(issuer + ".pem"), "-CAkey", _directory.File(issuer + ".key"),
            "-CAcreateserial", "-out", _directory.File(name + ".pem"), "-days", "2", "-extfile", ext);
    }

    private static void OpenSsl(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("openssl", args)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start openssl");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new TimeoutException("openssl " + string.Join(' ', args));
        }

        if (process.ExitCode != 0) throw new InvalidOperationException($"openssl {string.Join(' ', args)} failed: {stderr.Result}");
    }
}
