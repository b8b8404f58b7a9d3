using System.Buffers;
using System.Text;

namespace MiniStore.Protocol.Tests;

/// <summary>A request copied for MULTI's queue outlives the buffer it was read from, in both formats.</summary>
public sealed class RequestCopyTests
{
    [Theory]
    [InlineData("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n", WireFormat.Resp)]
    [InlineData("set k \"\"\n", WireFormat.Line)]
    public void A_copy_keeps_the_name_arguments_and_format_after_the_buffer_is_reused(string wire, WireFormat format)
    {
        var bytes = Encoding.ASCII.GetBytes(wire);
        var reader = new RequestReader(1024);
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(ReadStatus.Request, reader.TryRead(ref buffer, out var request, out _));
        var copy = RequestCopy.Of(request);
        Array.Fill(bytes, (byte)'x');

        var again = copy.AsRequest();
        Assert.Equal(format, copy.Format);
        Assert.Equal(CommandId.Set, again.Command);
        Assert.Equal(CommandId.Set, copy.Command);
        Assert.Equal(2, again.ArgumentCount);
        Assert.Equal("k"u8.ToArray(), again[0].ToArray());
        Assert.Empty(again[1].ToArray());
        Assert.True(Ascii.EqualsIgnoreCase("set"u8, again.Name));
        Assert.Equal(4, copy.Size);
    }
}
