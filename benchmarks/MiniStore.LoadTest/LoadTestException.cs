namespace MiniStore.LoadTest;

/// <summary>A run that cannot start or go on (no server, wrong password): its message is the one line shown.</summary>
public sealed class LoadTestException : Exception
{
    public LoadTestException()
    {
    }

    public LoadTestException(string message)
        : base(message)
    {
    }

    public LoadTestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
