using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>
/// The string commands' own errors (beyond <see cref="ErrorReplies"/>): Redis 7.0's texts for RESP; in the line
/// dialect the same words after <c>ERR: </c>, and a decrement overflow reads as an increment's (<c>ERR: overflow</c>).
/// </summary>
internal static class StringErrors
{
    public static void DecrementOverflow(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: overflow"u8 : "ERR decrement would overflow"u8);

    public static void NaNOrInfinity(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: increment would produce NaN or Infinity"u8 : "ERR increment would produce NaN or Infinity"u8);

    public static void OffsetOutOfRange(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: offset is out of range"u8 : "ERR offset is out of range"u8);

    public static void TooLong(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: string exceeds maximum allowed size"u8 : "ERR string exceeds maximum allowed size (proto-max-bulk-len)"u8);
}
