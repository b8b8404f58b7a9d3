namespace MiniStore.Server.Connections;

/// <summary>
/// Counts open connections against maxclients. A connection takes a place before it is served and gives it back
/// when it closes; one past the limit is refused (Redis's "max number of clients reached") and never served.
/// </summary>
internal sealed class ClientAdmission(ServerConfig config, Diagnostics.ServerMetrics metrics)
{
    private int _open;

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _open) <= config.MaxClients)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        metrics.ConnectionRejected();
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _open);
}
