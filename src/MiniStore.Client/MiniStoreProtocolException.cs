namespace MiniStore.Client;

/// <summary>
/// A reply that does not fit its request (text where an integer was due, a badly quoted value). It fails only
/// that request: replies are framed independently of their meaning, so the ones after it still line up.
/// </summary>
public sealed class MiniStoreProtocolException : MiniStoreException
{
    public MiniStoreProtocolException()
    {
    }

    public MiniStoreProtocolException(string message)
        : base(message)
    {
    }

    public MiniStoreProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
