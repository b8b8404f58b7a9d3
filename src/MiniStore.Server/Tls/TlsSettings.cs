namespace MiniStore.Server.Tls;

/// <summary>Whether a TLS client must present a certificate signed by the CA (Redis's <c>tls-auth-clients</c>).</summary>
public enum TlsClientAuth
{
    /// <summary>No certificate is asked for.</summary>
    No,

    /// <summary>A certificate is required and must chain to the CA.</summary>
    Yes,

    /// <summary>A certificate is asked for; a client without one is accepted, one with a bad one is refused.</summary>
    Optional,
}

/// <summary>The TLS endpoint: PEM files as redis-server takes them. The files are re-read when they change.</summary>
public sealed record TlsSettings
{
    /// <summary>0 asks the OS for a free port (tests).</summary>
    public int Port { get; init; }

    /// <summary>The server's certificate, PEM; certificates after the first are its chain (intermediates).</summary>
    public required string CertificateFile { get; init; }

    /// <summary>The certificate's private key, PEM (PKCS#8, PKCS#1 or SEC1; not encrypted).</summary>
    public required string KeyFile { get; init; }

    /// <summary>CA certificates (PEM) that client certificates must chain to; null: clients are not authenticated.</summary>
    public string? CaCertificateFile { get; init; }

    public TlsClientAuth AuthClients { get; init; } = TlsClientAuth.No;
}
