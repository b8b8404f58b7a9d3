using System.Buffers;

namespace MiniStore.Protocol.Tests;

internal static class Replies
{
    /// <summary>What <paramref name="write"/> puts on the wire, shown with <see cref="Wire.Show"/>.</summary>
    public static string Written(WireFormat format, Action<ReplyWriter> write, int respVersion = 2) =>
        Wire.Show(WrittenBytes(format, write, respVersion));

    public static byte[] WrittenBytes(WireFormat format, Action<ReplyWriter> write, int respVersion = 2)
    {
        var output = new ArrayBufferWriter<byte>();
        write(new ReplyWriter(output, format, respVersion));
        return output.WrittenSpan.ToArray();
    }
}
