namespace MiniStore.Server.Hosting;

/// <summary>The port actually bound, known once Kestrel has started (it differs from the setting when that was 0).</summary>
internal sealed class ListeningPort(ServerSettings settings)
{
    private int _bound;

    public int Value => _bound != 0 ? _bound : settings.Port;

    public void Bound(int port) => _bound = port;
}
