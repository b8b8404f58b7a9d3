namespace MiniStore.Client;

/// <summary>
/// The connection could not be opened, or it is gone: the server closed it (QUIT, too many wrong passwords,
/// shutdown), the network failed, a request timed out, or the client was disposed. Every request still waiting
/// for a reply fails with this exception, and so does every later call: open a new client to go on.
/// </summary>
public sealed class MiniStoreConnectionException : MiniStoreException
{
    public MiniStoreConnectionException()
    {
    }

    public MiniStoreConnectionException(string message)
        : base(message)
    {
    }

    public MiniStoreConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
