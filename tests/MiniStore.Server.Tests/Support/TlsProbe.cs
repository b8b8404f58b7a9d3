using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MiniStore.Server.Tests.Support;

/// <summary>
/// One TLS connection made by hand: trusts only the given CA, may present a client certificate, authenticates with
/// AUTH and sends PING. Tells what the server showed (its certificate, the TLS version) and whether it answered.
/// </summary>
public static class TlsProbe
{
    public sealed record Outcome(bool Answered, string Reply, X509Certificate2? ServerCertificate, SslProtocols Protocol);

    public static async Task<Outcome> PingAsync(int port, X509Certificate2 ca, X509Certificate2? clientCertificate = null, SslProtocols protocols = SslProtocols.None)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), deadline.Token);
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(ca);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            CertificateChainPolicy = policy,
            EnabledSslProtocols = protocols,
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
        };
        try
        {
            await ssl.AuthenticateAsClientAsync(options, deadline.Token);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            return new Outcome(false, "handshake failed: " + ex.Message, null, SslProtocols.None);
        }

        var certificate = ssl.RemoteCertificate as X509Certificate2;
        var password = InProcessServer.Password;
        var request = $"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(password)}\r\n{password}\r\n*1\r\n$4\r\nPING\r\n";
        var reply = new StringBuilder();
        try
        {
            await ssl.WriteAsync(Encoding.UTF8.GetBytes(request), deadline.Token);
            var buffer = new byte[256];
            while (!reply.ToString().Contains("PONG", StringComparison.Ordinal))
            {
                var read = await ssl.ReadAsync(buffer, deadline.Token);
                if (read == 0)
                {
                    break;
                }

                reply.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            // TLS 1.3 finishes the client's handshake before the server has judged its certificate: a refusal
            // arrives as an alert on the first read.
            reply.Append("refused: ").Append(ex.Message);
        }

        return new Outcome(reply.ToString() == "+OK\r\n+PONG\r\n", reply.ToString(), certificate, ssl.SslProtocol);
    }
}
