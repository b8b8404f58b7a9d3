using System.Buffers.Text;
using MiniStore.Protocol;

namespace MiniStore.Client.Internal;

/// <summary>
/// Replies to arbitrary commands (<c>ministore-cli</c>), which are shown rather than thrown: an error is a
/// <see cref="ReplyKind.Error"/> reply. What a bare line means is guessed from the command that was sent.
/// </summary>
internal static class GenericReplies
{
    public static ReplyDecoder<ClientReply> DecoderFor(ReadOnlySpan<ReadOnlyMemory<byte>> arguments) => ShapeOf(arguments) switch
    {
        ReplyKind.Integer => AsInteger,
        ReplyKind.Value => AsValue,
        _ => AsStatus,
    };

    public static RequestFlags FlagsFor(ReadOnlySpan<byte> command) => CommandNames.Recognize(command) switch
    {
        CommandId.Pass or CommandId.Auth => RequestFlags.Authentication,
        CommandId.Quit => RequestFlags.Quit,
        _ => RequestFlags.None,
    };

    /// <summary>What a bare line-protocol reply to this request is (protocol.md A.4).</summary>
    public static ReplyKind ShapeOf(ReadOnlySpan<ReadOnlyMemory<byte>> arguments)
    {
        switch (CommandNames.Recognize(arguments[0].Span))
        {
            case CommandId.Ping:
                return arguments.Length == 1 ? ReplyKind.Status : ReplyKind.Value;
            case CommandId.Get or CommandId.GetEx or CommandId.Echo:
                return ReplyKind.Value;
            case CommandId.Set:
                // SET ... GET answers with the old value; the options start after key and value.
                for (var i = 3; i < arguments.Length; i++)
                {
                    if (System.Text.Ascii.EqualsIgnoreCase(arguments[i].Span, "GET"u8))
                    {
                        return ReplyKind.Value;
                    }
                }

                return ReplyKind.Status;
            case CommandId.Ttl or CommandId.Pttl or CommandId.Del or CommandId.Exists or CommandId.DbSize:
                return ReplyKind.Integer;
            default:
                return ReplyKind.Status;
        }
    }

    private static ClientReply AsStatus(in RawReply reply) => Convert(reply, ReplyKind.Status);

    private static ClientReply AsInteger(in RawReply reply) => Convert(reply, ReplyKind.Integer);

    private static ClientReply AsValue(in RawReply reply) => Convert(reply, ReplyKind.Value);

    private static ClientReply Convert(in RawReply reply, ReplyKind bareLine)
    {
        switch (reply.Kind)
        {
            case RawKind.Error:
                return ClientReply.Error(reply.Bytes);
            case RawKind.Nil:
                return ClientReply.Nil;
            case RawKind.Integer:
                return ClientReply.FromInteger(reply.Integer);
            case RawKind.Bulk:
                return ClientReply.Value(reply.ToArray());
            case RawKind.Status:
                return ClientReply.Status(reply.Bytes);
            case RawKind.Array:
                return reply.Aggregate ?? ClientReply.Nil;
            case RawKind.Malformed:
                return ClientReply.Error([.. "badly quoted reply: "u8, .. reply.Bytes]);
        }

        if (bareLine == ReplyKind.Integer && Utf8Parser.TryParse(reply.Bytes, out long value, out var consumed) && consumed == reply.Bytes.Length)
        {
            return ClientReply.FromInteger(value);
        }

        return bareLine == ReplyKind.Value ? ClientReply.Value(reply.ToArray()) : ClientReply.Status(reply.Bytes);
    }
}
