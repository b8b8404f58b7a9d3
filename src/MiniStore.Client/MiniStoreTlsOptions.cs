using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MiniStore.Client;

/// <summary>
/// TLS for a client connection (the server's <c>--tls-port</c>). Immutable; <see cref="FromPemFiles"/> reads the
/// same PEM files redis-cli takes with <c>--cacert</c>, <c>--cert</c> and <c>--key</c>.
/// </summary>
public sealed record MiniStoreTlsOptions
{
    /// <summary>The name the server's certificate must carry (and SNI); null: <see cref="MiniStoreClientOptions.Host"/>.</summary>
    public string? ServerName { get; init; }

    /// <summary>
    /// CA certificates the server's chain must end in, instead of the system's trust store (a private CA); null: the
    /// system's trust store.
    /// </summary>
    public X509Certificate2Collection? TrustedAuthorities { get; init; }

    /// <summary>The certificate (with its private key) shown to a server that requires one (mutual TLS).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>TLS versions offered; <see cref="SslProtocols.None"/> lets the OS choose (TLS 1.2 and 1.3).</summary>
    public SslProtocols EnabledProtocols { get; init; } = SslProtocols.None;

    /// <summary>TLS options from PEM files: a CA bundle, and a client certificate with its key; any may be null.</summary>
    /// <exception cref="CryptographicException">A file does not hold what it should.</exception>
    public static MiniStoreTlsOptions FromPemFiles(string? caCertificateFile, string? certificateFile = null, string? keyFile = null)
    {
        if ((certificateFile is null) != (keyFile is null))
        {
            throw new ArgumentException("A client certificate needs both its certificate file and its key file.");
        }

        X509Certificate2Collection? authorities = null;
        if (caCertificateFile is not null)
        {
            authorities = [];
            authorities.ImportFromPemFile(caCertificateFile);
            if (authorities.Count == 0)
            {
                throw new CryptographicException($"No PEM certificate in '{caCertificateFile}'.");
            }
        }

        X509Certificate2? client = null;
        if (certificateFile is not null)
        {
            client = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            if (OperatingSystem.IsWindows())
            {
                // SChannel cannot use the ephemeral key a PEM import makes; a PKCS#12 round trip persists it.
                client = X509CertificateLoader.LoadPkcs12(client.Export(X509ContentType.Pkcs12), password: null);
            }
        }

        return new MiniStoreTlsOptions { TrustedAuthorities = authorities, ClientCertificate = client };
    }
}
