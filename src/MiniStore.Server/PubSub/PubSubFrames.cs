using System.Buffers;
using System.Buffers.Text;
using MiniStore.Protocol;

namespace MiniStore.Server.PubSub;

/// <summary>The header of a pub/sub frame: a RESP3 push <c>&gt;n</c>, or an array <c>*n</c> in RESP2 and the line dialect.</summary>
internal static class PubSubFrames
{
    public static void Header(IBufferWriter<byte> output, WireFormat format, int respVersion, int count)
    {
        if (format == WireFormat.Line || respVersion == 2)
        {
            new ReplyWriter(output, format, respVersion).ArrayHeader(count);
            return;
        }

        var span = output.GetSpan(16);
        span[0] = (byte)'>';
        Utf8Formatter.TryFormat(count, span[1..], out var digits);
        span[1 + digits] = (byte)'\r';
        span[2 + digits] = (byte)'\n';
        output.Advance(3 + digits);
    }
}
