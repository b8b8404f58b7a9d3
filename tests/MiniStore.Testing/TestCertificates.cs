using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MiniStore.Testing;

/// <summary>
/// A throwaway PKI made with .NET's CertificateRequest and written as PEM files, the way an operator hands them to
/// redis-server: a CA, a server certificate for 127.0.0.1/localhost, and a client certificate, all signed by it.
/// The directory is deleted on dispose.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory, X509Certificate2 ca, RSA caKey)
    {
        Directory = directory;
        Ca = ca;
        CaKey = caKey;
    }

    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    private RSA CaKey { get; }

    public string CaFile => Path.Combine(Directory, "ca.crt");

    public string ServerCertFile => Path.Combine(Directory, "server.crt");

    public string ServerKeyFile => Path.Combine(Directory, "server.key");

    public string ClientCertFile => Path.Combine(Directory, "client.crt");

    public string ClientKeyFile => Path.Combine(Directory, "client.key");

    /// <summary>The server certificate last written (its thumbprint is what a client should see).</summary>
    public X509Certificate2 Server { get; private set; } = null!;

    public X509Certificate2 Client { get; private set; } = null!;

    public static TestCertificates Create(string caName = "MiniStore Test CA")
    {
        var directory = Path.Combine(Path.GetTempPath(), "ministore-tls-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var caKey = RSA.Create(2048);
        var request = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pki = new TestCertificates(directory, ca, caKey);
        File.WriteAllText(pki.CaFile, ca.ExportCertificatePem() + "\n");
        pki.WriteServerCertificate("ministore-server");
        pki.Client = pki.Issue("ministore-client", server: false, pki.ClientCertFile, pki.ClientKeyFile);
        return pki;
    }

    /// <summary>Issues a new server certificate and writes it over the server files (what a renewal does).</summary>
    public X509Certificate2 WriteServerCertificate(string commonName)
    {
        Server = Issue(commonName, server: true, ServerCertFile, ServerKeyFile);
        return Server;
    }

    /// <summary>Issues a certificate signed by this CA and writes it and its key as PEM files.</summary>
    public X509Certificate2 Issue(string commonName, bool server, string certFile, string keyFile)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = new byte[12];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f;
        using var issued = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForRSA(CaKey, RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        var keyPem = key.ExportPkcs8PrivateKeyPem();

        // Key first, then certificate: a reader polling the certificate file sees a matching pair once it changes.
        File.WriteAllText(keyFile, keyPem + "\n");
        File.WriteAllText(certFile, issued.ExportCertificatePem() + "\n");
        return X509Certificate2.CreateFromPem(issued.ExportCertificatePem(), keyPem);
    }

    public void Dispose()
    {
        Ca.Dispose();
        CaKey.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory.
        }
    }
}
