using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using MiniStore.Protocol;

namespace MiniStore.Client.Internal;

/// <summary>Gives a reply read by the Protocol library's <see cref="RespReplyReader"/> the client's reply shapes.</summary>
internal static class RespReplies
{
    public static RawReply ToRaw(in RespReply reply) => reply.Type switch
    {
        RespType.SimpleString => Owned(RawKind.Status, reply.Bytes),
        RespType.Error or RespType.BulkError => Owned(RawKind.Error, reply.Bytes),
        RespType.Integer => new RawReply(RawKind.Integer, default, reply.IntegerValue),
        RespType.Boolean => new RawReply(RawKind.Integer, default, reply.BooleanValue ? 1 : 0),
        RespType.Null => new RawReply(RawKind.Nil, default),
        RespType.Double => Owned(RawKind.Bulk, Encoding.ASCII.GetBytes(reply.DoubleValue.ToString("R", CultureInfo.InvariantCulture))),
        RespType.Array or RespType.Set or RespType.Push or RespType.Map => new RawReply(RawKind.Array, default, 0, ToClientReply(reply)),
        _ => Owned(RawKind.Bulk, reply.Bytes),
    };

    private static RawReply Owned(RawKind kind, ReadOnlyMemory<byte> bytes)
    {
        // The reader copied the bytes into an array of their own; hand it on rather than copy it again.
        var owned = MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : null;
        return new RawReply(kind, bytes.Span, owned: owned);
    }

    /// <summary>A reply (or push) as an object of its own: for aggregates, and for pushes, which outlive the read.</summary>
    public static ClientReply ToClientReply(in RespReply reply) => reply.Type switch
    {
        RespType.SimpleString => ClientReply.Status(reply.Bytes.Span),
        RespType.Error or RespType.BulkError => ClientReply.Error(reply.Bytes.Span),
        RespType.Integer => ClientReply.FromInteger(reply.IntegerValue),
        RespType.Boolean => ClientReply.FromInteger(reply.BooleanValue ? 1 : 0),
        RespType.Null => ClientReply.Nil,
        RespType.Double => ClientReply.Value(Encoding.ASCII.GetBytes(reply.DoubleValue.ToString("R", CultureInfo.InvariantCulture))),
        RespType.Array or RespType.Set or RespType.Push or RespType.Map => ClientReply.Array([.. reply.Elements.Select(element => ToClientReply(element))]),
        _ => ClientReply.Value(reply.Bytes),
    };
}
