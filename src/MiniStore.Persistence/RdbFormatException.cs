namespace MiniStore.Persistence;

/// <summary>An RDB file that cannot be read: truncated, corrupt, or using something we cannot skip. Names the byte offset.</summary>
public sealed class RdbFormatException : Exception
{
    public RdbFormatException()
    {
    }

    public RdbFormatException(string message)
        : base(message)
    {
    }

    public RdbFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RdbFormatException(long offset, string problem, Exception? innerException = null)
        : base($"{problem} at offset {offset}", innerException)
    {
        Offset = offset;
        Problem = problem;
    }

    /// <summary>Where in the file the problem was found (bytes from the start).</summary>
    public long Offset { get; }

    /// <summary>The problem, without the offset.</summary>
    public string Problem { get; } = string.Empty;
}
