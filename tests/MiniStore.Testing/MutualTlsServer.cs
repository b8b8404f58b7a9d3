using MiniStore.Server;
using MiniStore.Server.Tls;

namespace MiniStore.Testing;

/// <summary>
/// An in-process server whose TLS port requires a client certificate from a throwaway CA: what the client, CLI and
/// load-generator TLS tests all start. Disposing it stops the server, then deletes the certificates.
/// </summary>
public sealed class MutualTlsServer : IAsyncDisposable
{
    private MutualTlsServer(TestCertificates pki, InProcessServer server)
    {
        Pki = pki;
        Server = server;
    }

    public TestCertificates Pki { get; }

    public InProcessServer Server { get; }

    public static async Task<MutualTlsServer> StartAsync()
    {
        var pki = TestCertificates.Create();
        try
        {
            var server = await InProcessServer.StartAsync(settings: new ServerSettings
            {
                Tls = new TlsSettings
                {
                    CertificateFile = pki.ServerCertFile,
                    KeyFile = pki.ServerKeyFile,
                    CaCertificateFile = pki.CaFile,
                    AuthClients = TlsClientAuth.Yes,
                },
            });
            return new MutualTlsServer(pki, server);
        }
        catch
        {
            pki.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Pki.Dispose();
    }
}
