using System.Buffers.Text;
using System.Text;

namespace MiniStore.Client.Internal;

/// <summary>Turns a framed reply into what the command returns. Runs on the reader loop, so it must be quick.</summary>
internal delegate T ReplyDecoder<T>(in RawReply reply);

/// <summary>
/// The decoders of the typed commands. A server error becomes <see cref="MiniStoreServerException"/>; a reply of
/// the wrong shape becomes <see cref="MiniStoreProtocolException"/>. Both fail only the one request.
/// </summary>
internal static class ReplyDecoders
{
    /// <summary>SET, FLUSHALL, QUIT: <c>OK</c> is true, nil (NX/XX stopped the write) is false.</summary>
    public static bool Ok(in RawReply reply) => reply.Kind switch
    {
        RawKind.Line or RawKind.Status when reply.Bytes.SequenceEqual("OK"u8) => true,
        RawKind.Nil => false,
        _ => throw Unexpected(reply, "OK"),
    };

    /// <summary>PASS / AUTH: <c>OK</c>, or the line protocol's <c>Already authenticated</c>.</summary>
    public static bool Authenticated(in RawReply reply) =>
        IsAuthenticatedReply(reply) ? true : throw Unexpected(reply, "OK");

    /// <summary>GET, GETEX, SET ... GET, PING msg: the value's bytes, or null for nil.</summary>
    public static byte[]? Value(in RawReply reply) => reply.Kind switch
    {
        RawKind.Line or RawKind.Status or RawKind.Bulk => reply.ToArray(),
        RawKind.Nil => null,
        _ => throw Unexpected(reply, "a value"),
    };

    public static byte[] NonNullValue(in RawReply reply) => Value(reply) ?? throw Unexpected(reply, "a value");

    public static long Integer(in RawReply reply)
    {
        switch (reply.Kind)
        {
            case RawKind.Integer:
                return reply.Integer;
            case RawKind.Line when Utf8Parser.TryParse(reply.Bytes, out long value, out var consumed) && consumed == reply.Bytes.Length:
                return value;
            default:
                throw Unexpected(reply, "an integer");
        }
    }

    /// <summary>PING, INFO: the text of a status line or bulk string.</summary>
    public static string Text(in RawReply reply) => reply.Kind switch
    {
        RawKind.Line or RawKind.Status or RawKind.Bulk => Encoding.UTF8.GetString(reply.Bytes),
        _ => throw Unexpected(reply, "text"),
    };

    /// <summary>PING: <c>PONG</c>; in RESP2 subscribe mode the server answers <c>[pong, ""]</c> instead, read as <c>PONG</c> too.</summary>
    public static string Pong(in RawReply reply) =>
        SubscribedPong(reply) is not null ? "PONG" : Text(reply);

    /// <summary>PING msg: the message; in RESP2 subscribe mode it comes back as <c>[pong, msg]</c>.</summary>
    public static byte[] PongMessage(in RawReply reply) =>
        SubscribedPong(reply) is { } pong ? pong.Elements[1].Bytes.ToArray() : NonNullValue(reply);

    private static ClientReply? SubscribedPong(in RawReply reply) =>
        reply.Kind == RawKind.Array && reply.Aggregate is { Elements: [{ Kind: ReplyKind.Value } kind, { Kind: ReplyKind.Value }] } pong
            && kind.Bytes.Span.SequenceEqual("pong"u8)
            ? pong
            : null;

    public static bool IsAuthenticatedReply(in RawReply reply) =>
        reply.Kind is RawKind.Line or RawKind.Status
        && (reply.Bytes.SequenceEqual("OK"u8) || reply.Bytes.SequenceEqual("Already authenticated"u8));

    private static MiniStoreException Unexpected(in RawReply reply, string expected)
    {
        if (reply.Kind == RawKind.Error)
        {
            return new MiniStoreServerException(Encoding.UTF8.GetString(reply.Bytes));
        }

        var shown = reply.Kind switch
        {
            RawKind.Nil => "nil",
            RawKind.Integer => "integer " + reply.Integer,
            RawKind.Array => "an array",
            _ => "'" + Printable.Escape(reply.Bytes, 64) + "'",
        };
        return new MiniStoreProtocolException($"Unexpected reply {shown} where {expected} was due.");
    }
}
