using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MiniStore.Server.Tls;

/// <summary>A server certificate loaded from PEM files, with its chain, ready to hand to SslStream.</summary>
internal sealed class ServerCertificate
{
    private ServerCertificate(X509Certificate2 leaf, SslStreamCertificateContext context)
    {
        Leaf = leaf;
        Context = context;
    }

    public X509Certificate2 Leaf { get; }

    public SslStreamCertificateContext Context { get; }

    /// <summary>Loads the files; null and a one-line reason when they are missing or do not hold a certificate and its key.</summary>
    public static ServerCertificate? TryLoad(string certificateFile, string keyFile, out string? error)
    {
        error = null;
        try
        {
            var leaf = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            if (OperatingSystem.IsWindows())
            {
                // SChannel cannot use the ephemeral key a PEM import makes; a PKCS#12 round trip persists it.
                leaf = X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), password: null);
            }

            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(certificateFile);
            var intermediates = new X509Certificate2Collection();
            foreach (var certificate in chain)
            {
                if (certificate.Thumbprint != leaf.Thumbprint)
                {
                    intermediates.Add(certificate);
                }
            }

            // offline: the chain is built from what the file holds, never fetched over the network.
            return new ServerCertificate(leaf, SslStreamCertificateContext.Create(leaf, intermediates, offline: true));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>The CA bundle a client certificate must chain to.</summary>
    public static X509Certificate2Collection? TryLoadAuthorities(string file, out string? error)
    {
        error = null;
        try
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(file);
            if (authorities.Count == 0)
            {
                error = "no PEM certificate in the file";
                return null;
            }

            return authorities;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            error = ex.Message;
            return null;
        }
    }
}
