using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace MiniStore.Client.Internal;

/// <summary>The TLS layer of <see cref="TcpTransport"/>: an SslStream, authenticated before the connection uses it.</summary>
internal static class TlsStreams
{
    public static TcpTransport Transport { get; } = new(WrapAsync);

    private static async ValueTask<Stream> WrapAsync(NetworkStream network, MiniStoreClientOptions options, CancellationToken cancellationToken)
    {
        var tls = options.Tls!;
        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = tls.ServerName ?? options.Host,
            EnabledSslProtocols = tls.EnabledProtocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ClientCertificates = tls.ClientCertificate is { } certificate ? [certificate] : null,
        };
        if (tls.TrustedAuthorities is { } authorities)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(authorities);
            authentication.CertificateChainPolicy = policy;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.ConnectTimeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(authentication, deadline.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            var reason = ex is OperationCanceledException ? $"no answer within {options.ConnectTimeout.TotalSeconds:0.###} s" : ex.Message;
            throw new MiniStoreConnectionException($"TLS handshake with {options.Host}:{options.Port} failed: {reason}", ex);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
