namespace MiniStore.Persistence.Encodings;

/// <summary>A compact encoding (listpack, ziplist, intset, zipmap) whose bytes do not add up; the reader adds the file offset.</summary>
public sealed class CorruptEncodingException : Exception
{
    public CorruptEncodingException()
    {
    }

    public CorruptEncodingException(string message)
        : base(message)
    {
    }

    public CorruptEncodingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
