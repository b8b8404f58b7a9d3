using System.Buffers;

namespace MiniStore.Protocol.Tests;

/// <summary>protocol.md A.2 (line replies) and B (RESP replies).</summary>
public sealed class ReplyWriterTests
{
    [Fact]
    public void Line_SimpleReplies()
    {
        Assert.Equal(@"OK\x0a", Replies.Written(WireFormat.Line, w => w.Ok()));
        Assert.Equal(@"(nil)\x0a", Replies.Written(WireFormat.Line, w => w.Nil()));
        Assert.Equal(@"PONG\x0a", Replies.Written(WireFormat.Line, w => w.Status("PONG"u8)));
        Assert.Equal(@"Already authenticated\x0a", Replies.Written(WireFormat.Line, w => w.Status("Already authenticated"u8)));
        Assert.Equal(@"ERR: invalid arguments\x0a", Replies.Written(WireFormat.Line, w => w.Error("ERR: invalid arguments"u8)));
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(17L, "17")]
    [InlineData(-2L, "-2")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    public void Integers(long value, string text)
    {
        Assert.Equal(text + @"\x0a", Replies.Written(WireFormat.Line, w => w.Integer(value)));
        Assert.Equal(":" + text + @"\x0d\x0a", Replies.Written(WireFormat.Resp, w => w.Integer(value)));
    }

    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("hello world", "hello world")]
    [InlineData("a\"b'", "a\"b'")]
    [InlineData("\xff\x80", @"\xff\x80")]
    [InlineData("nil", "nil")]
    [InlineData("(nil)x", "(nil)x")]
    [InlineData("err", "err")]
    [InlineData("OK", "OK")]
    [InlineData("back\\slash", @"back\x5cslash")]
    [InlineData("", "\"\"")]
    [InlineData("(nil)", "\"(nil)\"")]
    [InlineData("ERR", "\"ERR\"")]
    [InlineData("ERR: boom", "\"ERR: boom\"")]
    [InlineData("\"quoted\"", @"""\x5c""quoted\x5c""""")]
    [InlineData("'single'", "\"'single'\"")]
    [InlineData("a\nb", @"""a\x5cnb""")]
    [InlineData("a\r\t\b\a\0b", @"""a\x5cr\x5ct\x5cb\x5ca\x5c0b""")]
    [InlineData("\x01\x1f\x7f", @"""\x5cx01\x5cx1f\x5cx7f""")]
    [InlineData("x\\y\n", @"""x\x5c\x5cy\x5cn""")]
    public void Line_Values_RawOrQuoted(string value, string expected)
    {
        var written = Replies.Written(WireFormat.Line, w => w.Value(Wire.Bytes(value)));

        Assert.Equal(expected + @"\x0a", written);
    }

    [Fact]
    public void Resp_Replies()
    {
        Assert.Equal(@"+OK\x0d\x0a", Replies.Written(WireFormat.Resp, w => w.Ok()));
        Assert.Equal(@"+PONG\x0d\x0a", Replies.Written(WireFormat.Resp, w => w.Status("PONG"u8)));
        Assert.Equal(@"$-1\x0d\x0a", Replies.Written(WireFormat.Resp, w => w.Nil()));
        Assert.Equal(@"_\x0d\x0a", Replies.Written(WireFormat.Resp, w => w.Nil(), respVersion: 3));
        Assert.Equal(@"-ERR syntax error\x0d\x0a", Replies.Written(WireFormat.Resp, w => w.Error("ERR syntax error"u8)));
        Assert.Equal(@"$5\x0d\x0aa\x0d\x0ab\x00\x0d\x0a", Replies.Written(WireFormat.Resp, w => w.Value("a\r\nb\0"u8)));
        Assert.Equal(@"$0\x0d\x0a\x0d\x0a", Replies.Written(WireFormat.Resp, w => w.Value(default)));
    }

    [Fact]
    public void Resp_Aggregates()
    {
        Assert.Equal(@"*2\x0d\x0a$1\x0d\x0aa\x0d\x0a:1\x0d\x0a", Replies.Written(WireFormat.Resp, w =>
        {
            w.ArrayHeader(2);
            w.Value("a"u8);
            w.Integer(1);
        }));
        Assert.Equal(@"*0\x0d\x0a", Replies.Written(WireFormat.Resp, w => w.ArrayHeader(0)));
        Assert.Equal(@"*4\x0d\x0a", Replies.Written(WireFormat.Resp, w => w.MapHeader(2)));
        Assert.Equal(@"%2\x0d\x0a", Replies.Written(WireFormat.Resp, w => w.MapHeader(2), respVersion: 3));
        Assert.Equal(@"*-1\x0d\x0a", Replies.Written(WireFormat.Resp, w => w.NilArray()));
        Assert.Equal(@"_\x0d\x0a", Replies.Written(WireFormat.Resp, w => w.NilArray(), respVersion: 3));
    }

    [Fact]
    public void Line_AggregatesAreHeaderLines()
    {
        Assert.Equal(@"*2\x0aa\x0a""*b""\x0a", Replies.Written(WireFormat.Line, w =>
        {
            w.ArrayHeader(2);
            w.Value("a"u8);
            w.Value("*b"u8);
        }));
        Assert.Equal(@"*0\x0a", Replies.Written(WireFormat.Line, w => w.ArrayHeader(0)));
        Assert.Equal(@"*4\x0a", Replies.Written(WireFormat.Line, w => w.MapHeader(2)));
        Assert.Equal(@"(nil)\x0a", Replies.Written(WireFormat.Line, w => w.NilArray()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Replies.Written(WireFormat.Resp, w => w.ArrayHeader(-1)));
    }

    [Fact]
    public void ErrorsAndStatuses_NeverBreakTheFraming()
    {
        Assert.Equal(@"ERR: unknown command 'a  b'\x0a",
            Replies.Written(WireFormat.Line, w => w.Error("ERR: unknown command '"u8, "a\r\nb"u8, "'"u8)));
        Assert.Equal(@"-ERR unknown command 'x y'\x0d\x0a",
            Replies.Written(WireFormat.Resp, w => w.Error("ERR unknown command '"u8, "x\ny"u8, "'"u8)));
        Assert.Equal(@"+a b\x0d\x0a", Replies.Written(WireFormat.Resp, w => w.Status("a\rb"u8)));
    }

    [Theory]
    [InlineData(5000)]
    [InlineData(100_000)]
    public void LargeValues_AreWrittenWhole(int size)
    {
        var value = new byte[size];
        new Random(size).NextBytes(value);

        var resp = Replies.WrittenBytes(WireFormat.Resp, w => w.Value(value));
        var header = Wire.Bytes($"${size}\r\n");
        Assert.Equal([.. header, .. value, (byte)'\r', (byte)'\n'], resp);

        var line = Replies.WrittenBytes(WireFormat.Line, w => w.Value(value));
        Assert.Equal((byte)'\n', line[^1]);
        Assert.Equal(1, line.AsSpan().Count((byte)'\n'));
        var decoded = new ArrayBufferWriter<byte>();
        Assert.True(LineQuoting.TryUnquote(line.AsSpan(0, line.Length - 1), decoded));
        Assert.Equal(value, decoded.WrittenSpan.ToArray());
    }

    [Fact]
    public void RespVersion_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplyWriter(new ArrayBufferWriter<byte>(), WireFormat.Resp, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplyWriter(new ArrayBufferWriter<byte>(), WireFormat.Resp, 4));
    }
}
