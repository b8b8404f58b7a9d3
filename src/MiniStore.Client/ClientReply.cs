using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace MiniStore.Client;

/// <summary>The shape of a reply to <see cref="MiniStoreClient.ExecuteAsync(IReadOnlyList{ReadOnlyMemory{byte}}, CancellationToken)"/>.</summary>
public enum ReplyKind : byte
{
    /// <summary>A status line: <c>OK</c>, <c>PONG</c>, the line protocol's <c>INFO</c>.</summary>
    Status,

    /// <summary>An error: <c>ERR: ...</c>, <c>Unauthorized</c>, RESP <c>-...</c>.</summary>
    Error,

    /// <summary>An integer (RESP <c>:n</c>; on a line, the reply of a command known to answer with one).</summary>
    [SuppressMessage("Naming", "CA1720", Justification = "Named after the RESP type.")]
    Integer,

    /// <summary>A value's bytes (RESP bulk string; on a line, decoded from the quoting of protocol.md A.2).</summary>
    Value,

    /// <summary>No value: <c>(nil)</c>, RESP <c>$-1</c> / <c>*-1</c> / <c>_</c>.</summary>
    Nil,

    /// <summary>A RESP array (or map, flattened to key, value, key, value ...).</summary>
    Array,
}

/// <summary>
/// One reply of any shape, as <c>ministore-cli</c> needs it. On the line protocol the shape of a bare line is
/// ambiguous (<c>5</c> is an integer after TTL and a value after GET), so it is taken from the command sent.
/// </summary>
public sealed class ClientReply
{
    private ClientReply(ReplyKind kind, ReadOnlyMemory<byte> bytes, long integer, IReadOnlyList<ClientReply> elements)
    {
        Kind = kind;
        Bytes = bytes;
        Integer = integer;
        Elements = elements;
    }

    public ReplyKind Kind { get; }

    /// <summary>The value, status or error bytes; empty for other kinds.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The number of an <see cref="ReplyKind.Integer"/> reply.</summary>
    [SuppressMessage("Naming", "CA1720", Justification = "Named after the RESP type.")]
    public long Integer { get; }

    /// <summary>The elements of an <see cref="ReplyKind.Array"/> reply; empty for other kinds.</summary>
    public IReadOnlyList<ClientReply> Elements { get; }

    /// <summary><see cref="Bytes"/> as UTF-8 (invalid sequences become U+FFFD).</summary>
    public string Text => Encoding.UTF8.GetString(Bytes.Span);

    public static ClientReply Status(ReadOnlySpan<byte> text) => new(ReplyKind.Status, text.ToArray(), 0, []);

    public static ClientReply Error(ReadOnlySpan<byte> text) => new(ReplyKind.Error, text.ToArray(), 0, []);

    public static ClientReply FromInteger(long value) => new(ReplyKind.Integer, default, value, []);

    public static ClientReply Value(ReadOnlyMemory<byte> bytes) => new(ReplyKind.Value, bytes, 0, []);

    public static ClientReply Nil { get; } = new(ReplyKind.Nil, default, 0, []);

    public static ClientReply Array(IReadOnlyList<ClientReply> elements) => new(ReplyKind.Array, default, 0, elements);

    public override string ToString() => Kind switch
    {
        ReplyKind.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        ReplyKind.Nil => "(nil)",
        ReplyKind.Array => "[" + string.Join(", ", Elements) + "]",
        _ => Text,
    };
}
