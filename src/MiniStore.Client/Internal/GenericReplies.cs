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

    /// <summary>
    /// What a bare line-protocol reply to this request is: the command table's <see cref="LineReply"/> for the command
    /// (or its subcommand), except where the arguments decide it: PING with a message and SET with GET answer a value.
    /// </summary>
    public static ReplyKind ShapeOf(ReadOnlySpan<ReadOnlyMemory<byte>> arguments)
    {
        if (CommandTable.Find(arguments[0].Span) is not { } spec)
        {
            return ReplyKind.Status;
        }

        if (arguments.Length > 1 && spec.FindSubcommand(arguments[1].Span) is { } sub)
        {
            spec = sub;
        }

        switch (spec.Id)
        {
            case CommandId.Ping when arguments.Length > 1:
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

                break;
        }

        return spec.LineReply switch
        {
            LineReply.Integer => ReplyKind.Integer,
            LineReply.Value => ReplyKind.Value,
            _ => ReplyKind.Status,
        };
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
