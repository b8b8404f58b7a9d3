namespace MiniStore.Protocol;

/// <summary>What went wrong in a request that could not be read.</summary>
public enum ProtocolErrorKind : byte
{
    None,

    /// <summary>Line: a quoted token is not closed, or its closing quote is glued to more bytes.</summary>
    UnbalancedQuotes,

    /// <summary>The request is larger than <see cref="RequestReader.MaxRequestBytes"/>.</summary>
    TooLarge,

    /// <summary>RESP: the <c>*</c> count is not an integer or out of range.</summary>
    InvalidMultibulkLength,

    /// <summary>RESP: a <c>$</c> length is not an integer, negative, or above 512 MiB.</summary>
    InvalidBulkLength,

    /// <summary>RESP: an array element is not a bulk string.</summary>
    ExpectedBulk,

    /// <summary>RESP: a header or a bulk string is not followed by CR LF.</summary>
    ExpectedCrlf,

    /// <summary>RESP: more elements than <c>RequestReader.MaxArrayElements</c>.</summary>
    TooManyElements,

    /// <summary>RESP: a bulk string longer than <c>RequestReader.MaxBulkBytes</c>.</summary>
    BulkTooLarge,
}

/// <summary>
/// Why a request was refused. <see cref="Message"/> is always a cached string (never built per request), worded
/// like Redis: the server writes it after <c>ERR: </c> (line) or <c>ERR Protocol error: </c> (RESP).
/// Only meaningful when a read did not return <see cref="ReadStatus.Request"/>; otherwise it is <c>default</c>.
/// </summary>
public readonly record struct ProtocolError(ProtocolErrorKind Kind, string Message)
{
    public static ProtocolError UnbalancedQuotes { get; } = new(ProtocolErrorKind.UnbalancedQuotes, "unbalanced quotes");

    public static ProtocolError TooLarge { get; } = new(ProtocolErrorKind.TooLarge, "request too large");

    public static ProtocolError InvalidMultibulkLength { get; } =
        new(ProtocolErrorKind.InvalidMultibulkLength, "invalid multibulk length");

    public static ProtocolError InvalidBulkLength { get; } = new(ProtocolErrorKind.InvalidBulkLength, "invalid bulk length");

    public static ProtocolError ExpectedCrlf { get; } = new(ProtocolErrorKind.ExpectedCrlf, "expected '\\r\\n'");

    public static ProtocolError TooManyElements { get; } =
        new(ProtocolErrorKind.TooManyElements, "invalid multibulk length");

    public static ProtocolError BulkTooLarge { get; } = new(ProtocolErrorKind.BulkTooLarge, "invalid bulk length");

    // One string per offending byte, made the first time that byte is seen, so the message is never built twice.
    private static readonly string?[] ExpectedBulkMessages = new string?[256];

    /// <summary>Redis's <c>expected '$', got 'x'</c>; a byte that is not printable ASCII is shown as <c>\xHH</c>.</summary>
    public static ProtocolError ExpectedBulk(byte got)
    {
        var message = ExpectedBulkMessages[got];
        if (message is null)
        {
            var shown = got is >= 0x20 and < 0x7F ? ((char)got).ToString() : $"\\x{got:x2}";
            message = $"expected '$', got '{shown}'";
            ExpectedBulkMessages[got] = message;
        }

        return new ProtocolError(ProtocolErrorKind.ExpectedBulk, message);
    }
}
