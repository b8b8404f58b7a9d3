namespace MiniStore.Client;

/// <summary>
/// The server answered with an error (<c>ERR: invalid password</c>, <c>-ERR syntax error</c>, <c>Unauthorized</c>).
/// The connection is still usable: one error reply answers one request.
/// </summary>
public sealed class MiniStoreServerException : MiniStoreException
{
    public MiniStoreServerException()
    {
        ServerMessage = string.Empty;
    }

    /// <param name="message">The server's error text, exactly as it was sent (without the RESP <c>-</c>).</param>
    public MiniStoreServerException(string message)
        : base(message)
    {
        ServerMessage = message;
    }

    public MiniStoreServerException(string message, Exception innerException)
        : base(message, innerException)
    {
        ServerMessage = message;
    }

    /// <summary>The server's error text, exactly as it was sent (without the RESP <c>-</c>).</summary>
    public string ServerMessage { get; }
}
