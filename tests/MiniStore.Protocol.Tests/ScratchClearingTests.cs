using System.Buffers;

namespace MiniStore.Protocol.Tests;

public sealed class ScratchClearingTests
{
    [Fact]
    public void ClearScratch_zeroes_a_quoted_argument_decoded_into_the_scratch_buffer()
    {
        var reader = new RequestReader(4096);
        var buffer = new ReadOnlySequence<byte>("PASS \"s3cret pass\"\r\n"u8.ToArray());

        Assert.Equal(ReadStatus.Request, reader.TryRead(ref buffer, out var request, out _));
        Assert.True(request[0].SequenceEqual("s3cret pass"u8));

        reader.ClearScratch();

        Assert.True(request[0].IndexOfAnyExcept((byte)0) < 0, "the decoded password is still in the scratch buffer");
    }

    [Fact]
    public void The_reader_keeps_working_after_ClearScratch()
    {
        var reader = new RequestReader(4096);
        var buffer = new ReadOnlySequence<byte>("PASS \"a b\"\r\nGET \"k k\"\r\n"u8.ToArray());
        Assert.Equal(ReadStatus.Request, reader.TryRead(ref buffer, out _, out _));
        reader.ClearScratch();
        Assert.Equal(ReadStatus.Request, reader.TryRead(ref buffer, out var get, out _));
        Assert.Equal(CommandId.Get, get.Command);
        Assert.True(get[0].SequenceEqual("k k"u8));
    }
}
