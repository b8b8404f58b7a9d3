using System.Buffers;

namespace MiniStore.Protocol.Tests;

public sealed class LineQuotingTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("with space", "with space")]
    [InlineData("(nil)x", "(nil)x")]
    [InlineData("\"\"", "")]
    [InlineData("\"a\\\"b\"", "a\"b")]
    [InlineData("\"\\x00\\xff\\n\"", "\0\xff\n")]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("'a\\b'", "a\\b")]
    [InlineData("a\"b\"", "a\"b\"")]
    public void TryUnquote_Accepts(string line, string expected)
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.True(LineQuoting.TryUnquote(Wire.Bytes(line), output));
        Assert.Equal(Wire.Bytes(expected), output.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"abc")]
    [InlineData("\"abc\\\"")]
    [InlineData("\"a\"b")]
    [InlineData("\"a\" ")]
    [InlineData("'abc")]
    [InlineData("'a\\'")]
    public void TryUnquote_RefusesBadQuoting(string line)
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.False(LineQuoting.TryUnquote(Wire.Bytes(line), output));
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void TryUnquote_IntoSpan_ReportsTooSmallDestination()
    {
        Assert.False(LineQuoting.TryUnquote("abc"u8, new byte[2], out _));
        Assert.True(LineQuoting.TryUnquote("\"abc\""u8, new byte[3], out var written));
        Assert.Equal(3, written);
    }

    [Theory]
    [InlineData("key", false)]
    [InlineData("a\"b", true)]
    [InlineData("it's", true)]
    [InlineData("a b", true)]
    [InlineData("a\tb", true)]
    [InlineData("", true)]
    [InlineData("\xff", false)]
    [InlineData("\x7f", true)]
    [InlineData("(nil)", false)]
    public void ArgumentNeedsQuoting(string argument, bool expected)
    {
        Assert.Equal(expected, LineQuoting.ArgumentNeedsQuoting(Wire.Bytes(argument)));
    }
}
