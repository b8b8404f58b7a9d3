namespace MiniStore.Client.Internal;

/// <summary>How a reply was framed, before the request it answers gives it a meaning.</summary>
internal enum RawKind : byte
{
    /// <summary>A bare line-protocol line (<c>OK</c>, <c>17</c>, <c>hello</c>): its meaning depends on the command.</summary>
    Line,

    /// <summary>RESP <c>+text</c>.</summary>
    Status,

    /// <summary><c>ERR: ...</c>, <c>Unauthorized</c> before authentication, RESP <c>-text</c>.</summary>
    Error,

    /// <summary>RESP <c>:n</c>.</summary>
    Integer,

    /// <summary>A value: RESP bulk string, or a quoted line already unquoted.</summary>
    Bulk,

    /// <summary><c>(nil)</c>, RESP <c>$-1</c>, <c>*-1</c>, <c>_</c>.</summary>
    Nil,

    /// <summary>A RESP array (or map), already materialised in <see cref="RawReply.Aggregate"/>.</summary>
    Array,

    /// <summary>A line that starts with a quote but does not unquote: the framing is intact, the content is not.</summary>
    Malformed,
}

/// <summary>One framed reply, viewing the read buffer: valid only while the reader loop delivers it.</summary>
internal readonly ref struct RawReply
{
    public RawReply(RawKind kind, ReadOnlySpan<byte> bytes, long integer = 0, ClientReply? aggregate = null, byte[]? owned = null)
    {
        Kind = kind;
        Bytes = bytes;
        Integer = integer;
        Aggregate = aggregate;
        Owned = owned;
    }

    public RawKind Kind { get; }

    /// <summary>The line, status, error text or value bytes.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    public long Integer { get; }

    /// <summary><see cref="Bytes"/> as an array nobody else holds, when the framing already copied them; null otherwise.</summary>
    public byte[]? Owned { get; }

    /// <summary>The bytes as an array the caller may keep: <see cref="Owned"/>, or a copy.</summary>
    public byte[] ToArray() => Owned ?? Bytes.ToArray();

    /// <summary>Arrays are rare (only generic commands get them), so they are built as objects straight away.</summary>
    public ClientReply? Aggregate { get; }
}
