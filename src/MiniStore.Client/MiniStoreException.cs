namespace MiniStore.Client;

/// <summary>The base of every error the client raises, so a caller can catch them all in one place.</summary>
public class MiniStoreException : Exception
{
    public MiniStoreException()
    {
    }

    public MiniStoreException(string message)
        : base(message)
    {
    }

    public MiniStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
