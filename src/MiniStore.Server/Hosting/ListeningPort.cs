namespace MiniStore.Server.Hosting;

/// <summary>The ports actually bound, known once Kestrel has started (they differ from the settings when those were 0).</summary>
internal sealed class ListeningPort(ServerSettings settings)
{
    private int _bound;
    private int _boundTls;

    /// <summary>The plaintext port; 0 when there is none (only TLS).</summary>
    public int Value => _bound != 0 ? _bound : settings.ListenPlain ? settings.Port : 0;

    /// <summary>The TLS port; 0 without TLS.</summary>
    public int Tls => _boundTls != 0 ? _boundTls : settings.Tls?.Port ?? 0;

    public void Bound(int port, int tlsPort)
    {
        _bound = port;
        _boundTls = tlsPort;
    }
}
