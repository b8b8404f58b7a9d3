using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace MiniStore.Server.Tls;

/// <summary>
/// What each TLS handshake is offered: the current certificate, TLS 1.2 or 1.3 only, and, with a CA, the client
/// certificate policy of <c>--tls-auth-clients</c> (chains are checked against that CA alone, not the system's).
/// </summary>
internal sealed class TlsHandshake(TlsSettings settings, CertificateReloader certificates, X509Certificate2Collection? authorities)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public TlsHandshakeCallbackOptions CallbackOptions() => new()
    {
        HandshakeTimeout = Timeout,
        OnConnection = context => ValueTask.FromResult(Options()),
    };

    public SslServerAuthenticationOptions Options()
    {
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificates.Current.Context,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };

        if (authorities is null || settings.AuthClients == TlsClientAuth.No)
        {
            return options;
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(authorities);
        options.ClientCertificateRequired = true;
        options.CertificateChainPolicy = policy;
        var optional = settings.AuthClients == TlsClientAuth.Optional;
        options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None || (optional && certificate is null && errors == SslPolicyErrors.RemoteCertificateNotAvailable);
        return options;
    }
}
