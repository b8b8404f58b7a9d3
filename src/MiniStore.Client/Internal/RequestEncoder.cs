using System.Buffers;
using MiniStore.Protocol;

namespace MiniStore.Client.Internal;

/// <summary>
/// Writes one request with the Protocol library's own framing code: on a line, each argument raw or quoted by
/// <see cref="LineQuoting.WriteArgument"/> (so any byte survives); in RESP, an array of bulk strings written by
/// the same <see cref="ReplyWriter"/> the server answers with.
/// </summary>
internal static class RequestEncoder
{
    public static void Write(IBufferWriter<byte> output, WireFormat format, ReadOnlySpan<ReadOnlyMemory<byte>> arguments)
    {
        if (format == WireFormat.Resp)
        {
            var resp = new ReplyWriter(output, WireFormat.Resp);
            resp.ArrayHeader(arguments.Length);
            foreach (var argument in arguments)
            {
                resp.Value(argument.Span);
            }

            return;
        }

        for (var i = 0; i < arguments.Length; i++)
        {
            if (i > 0)
            {
                WriteByte(output, (byte)' ');
            }

            LineQuoting.WriteArgument(arguments[i].Span, output);
        }

        WriteByte(output, (byte)'\n');
    }

    private static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }
}
