using System.Buffers;
using CsCheck;

namespace MiniStore.Protocol.Tests;

/// <summary>The client's RESP reply reader, and its agreement with the server's <see cref="ReplyWriter"/>.</summary>
public sealed class RespReplyReaderTests
{
    [Theory]
    [InlineData("+OK\r\n", "+OK")]
    [InlineData("-ERR syntax error\r\n", "-ERR syntax error")]
    [InlineData(":0\r\n", ":0")]
    [InlineData(":-9223372036854775808\r\n", ":-9223372036854775808")]
    [InlineData("$5\r\nhello\r\n", "$hello")]
    [InlineData("$0\r\n\r\n", "$")]
    [InlineData("$4\r\na\r\nb\r\n", @"$a\x0d\x0ab")]
    [InlineData("$-1\r\n", "_")]
    [InlineData("*-1\r\n", "_")]
    [InlineData("_\r\n", "_")]
    [InlineData("*0\r\n", "*[]")]
    [InlineData("*3\r\n:1\r\n$1\r\na\r\n*1\r\n+x\r\n", "*[:1, $a, *[+x]]")]
    [InlineData("%2\r\n+server\r\n+redis\r\n+proto\r\n:3\r\n", "%{+server: +redis, +proto: :3}")]
    [InlineData("~2\r\n:1\r\n:2\r\n", "~[:1, :2]")]
    [InlineData(">2\r\n+message\r\n$2\r\nhi\r\n", ">[+message, $hi]")]
    [InlineData("#t\r\n", "#t")]
    [InlineData("#f\r\n", "#f")]
    [InlineData(",1.5\r\n", ",1.5")]
    [InlineData(",-2\r\n", ",-2")]
    [InlineData(",inf\r\n", ",Infinity")]
    [InlineData(",-inf\r\n", ",-Infinity")]
    [InlineData(",nan\r\n", ",NaN")]
    [InlineData(",1e3\r\n", ",1000")]
    [InlineData("(3492890328409238509324850943850943825024385\r\n", "(3492890328409238509324850943850943825024385")]
    [InlineData("!21\r\nSYNTAX invalid syntax\r\n", "!SYNTAX invalid syntax")]
    [InlineData("=15\r\ntxt:Some string\r\n", "=Some string")]
    [InlineData("|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.5\r\n:7\r\n", ":7")]
    public void Reads(string wire, string expected)
    {
        var reader = new RespReplyReader();
        var buffer = new ReadOnlySequence<byte>([.. Wire.Bytes(wire), .. "+next\r\n"u8]);

        Assert.Equal(RespReadResult.Complete, reader.TryRead(ref buffer, out var reply));
        Assert.Equal(expected, reply.ToString());
        Assert.Equal(7, buffer.Length);
    }

    [Fact]
    public void Accessors()
    {
        var reply = Read("*4\r\n:42\r\n#t\r\n,0.25\r\n-ERR x\r\n");

        Assert.Equal(RespType.Array, reply.Type);
        Assert.Equal(42, reply.Elements[0].IntegerValue);
        Assert.True(reply.Elements[1].BooleanValue);
        Assert.Equal(0.25, reply.Elements[2].DoubleValue);
        Assert.True(reply.Elements[3].IsError);
        Assert.Equal("ERR x"u8.ToArray(), reply.Elements[3].Bytes.ToArray());
        Assert.True(Read("$-1\r\n").IsNull);
        Assert.Empty(Read(":1\r\n").Elements);
        Assert.True(Read("*1\r\n:1\r\n").Bytes.IsEmpty);
    }

    [Theory]
    [InlineData("*2\r\n$5\r\nhello\r\n%1\r\n+a\r\n:1\r\n")]
    [InlineData("$10\r\n0123456789\r\n")]
    [InlineData("=8\r\ntxt:abcd\r\n")]
    [InlineData(",3.25\r\n")]
    public void EveryPrefix_NeedsMoreData_AndEveryCut_ReadsTheSame(string wire)
    {
        var bytes = Wire.Bytes(wire);
        var expected = Read(wire).ToString();
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(bytes[..cut]);
            Assert.Equal(RespReadResult.NeedMoreData, new RespReplyReader().TryRead(ref partial, out _));
            Assert.Equal(cut, partial.Length);

            var split = Segments.Split(bytes, cut);
            Assert.Equal(RespReadResult.Complete, new RespReplyReader().TryRead(ref split, out var reply));
            Assert.Equal(expected, reply.ToString());
            Assert.True(split.IsEmpty);
        }
    }

    [Theory]
    [InlineData("?\r\n")]
    [InlineData("+OK\n")]
    [InlineData(":x\r\n")]
    [InlineData(":\r\n")]
    [InlineData("$x\r\n")]
    [InlineData("$-2\r\n")]
    [InlineData("$3\r\nabcde")]
    [InlineData("!-1\r\n")]
    [InlineData("%-1\r\n")]
    [InlineData("*-2\r\n")]
    [InlineData("#x\r\n")]
    [InlineData("#tt\r\n")]
    [InlineData(",abc\r\n")]
    [InlineData("_x\r\n")]
    [InlineData("=3\r\ntxt\r\n")]
    [InlineData("=5\r\ntxt-a\r\n")]
    [InlineData("*1\r\n?\r\n")]
    public void Malformed(string wire)
    {
        var buffer = new ReadOnlySequence<byte>(Wire.Bytes(wire));

        Assert.Equal(RespReadResult.Malformed, new RespReplyReader().TryRead(ref buffer, out _));
        Assert.Equal(wire.Length, buffer.Length);
    }

    [Fact]
    public void NestingDeeperThanMaxDepth_IsMalformed()
    {
        var wire = string.Concat(Enumerable.Repeat("*1\r\n", 5)) + ":1\r\n";
        var deep = new ReadOnlySequence<byte>(Wire.Bytes(wire));
        var shallow = deep;

        Assert.Equal(RespReadResult.Malformed, new RespReplyReader { MaxDepth = 4 }.TryRead(ref deep, out _));
        Assert.Equal(RespReadResult.Complete, new RespReplyReader { MaxDepth = 5 }.TryRead(ref shallow, out _));
    }

    [Fact]
    public void TrySkip_ConsumesWithoutBuilding()
    {
        var buffer = new ReadOnlySequence<byte>(Wire.Bytes("*2\r\n$1\r\na\r\n:1\r\n+OK\r\n"));
        var reader = new RespReplyReader();

        Assert.Equal(RespReadResult.Complete, reader.TrySkip(ref buffer, out var first));
        Assert.Equal(RespReadResult.Complete, reader.TrySkip(ref buffer, out var second));
        Assert.Equal(RespReadResult.NeedMoreData, reader.TrySkip(ref buffer, out _));
        Assert.Equal((RespType.Array, RespType.SimpleString), (first, second));
    }

    [Fact]
    public void WhatReplyWriterWrites_ReadsBack_InBothRespVersions()
    {
        Gen.Select(Reply.Generator, Gen.Int[2, 3], Gen.Int[1, 30]).Sample((reply, version, chunk) =>
        {
            var output = new ArrayBufferWriter<byte>();
            reply.Write(new ReplyWriter(output, WireFormat.Resp, version));
            var bytes = output.WrittenSpan.ToArray();

            var reader = new RespReplyReader();
            var pending = Array.Empty<byte>();
            RespReply read = default;
            var done = false;
            foreach (var piece in Wire.Chunks(bytes, chunk))
            {
                Assert.False(done);
                var buffer = Segments.Of(pending, piece);
                var result = reader.TryRead(ref buffer, out read);
                Assert.NotEqual(RespReadResult.Malformed, result);
                done = result == RespReadResult.Complete;
                pending = buffer.ToArray();
            }

            Assert.True(done);
            Assert.Empty(pending);
            Assert.Equal(reply.Expected(version), read.ToString());
        }, iter: 2000);
    }

    private static RespReply Read(string wire)
    {
        var buffer = new ReadOnlySequence<byte>(Wire.Bytes(wire));
        Assert.Equal(RespReadResult.Complete, new RespReplyReader().TryRead(ref buffer, out var reply));
        return reply;
    }

    /// <summary>A random reply tree: what the server writes, and what the client should read.</summary>
    private sealed record Reply(int Kind, byte[] Bytes, long Number, Reply[] Children)
    {
        // Aggregates (kinds 6 and 7) only above depth 3, so the tree is finite.
        public static readonly Gen<Reply> Generator = Gen.Recursive<Reply>((depth, self) =>
            from kind in depth < 3 ? Gen.Int[0, 8] : Gen.Int[0, 5]
            from bytes in Gen.Byte.Array[0, 20]
            from number in Gen.Long
            from children in kind is 6 or 7 ? self.Array[0, 4] : Gen.Const(Array.Empty<Reply>())
            select new Reply(kind, bytes, number, children));

        public void Write(ReplyWriter writer)
        {
            switch (Kind)
            {
                case 0: writer.Ok(); break;
                case 1: writer.Nil(); break;
                case 2: writer.Integer(Number); break;
                case 3: writer.Value(Bytes); break;
                case 4: writer.Error(Printable()); break;
                case 5: writer.Status(Printable()); break;
                case 6:
                    writer.ArrayHeader(Children.Length);
                    WriteChildren(writer);
                    break;
                case 7:
                    writer.MapHeader(Children.Length / 2);
                    WriteChildren(writer);
                    break;
                default: writer.NilArray(); break;
            }
        }

        public string Expected(int version) => Kind switch
        {
            0 => "+OK",
            1 or 8 => "_",
            2 => ":" + Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            3 => "$" + Show(Bytes),
            4 => "-" + Show(Printable()),
            5 => "+" + Show(Printable()),
            6 => "*[" + string.Join(", ", Children.Select(c => c.Expected(version))) + "]",
            _ => version == 2
                ? "*[" + string.Join(", ", MapChildren().Select(c => c.Expected(version))) + "]"
                : "%{" + string.Join(", ", MapChildren().Chunk(2).Select(p => p[0].Expected(version) + ": " + p[1].Expected(version))) + "}",
        };

        private void WriteChildren(ReplyWriter writer)
        {
            foreach (var child in Kind == 7 ? MapChildren() : Children)
            {
                child.Write(writer);
            }
        }

        // As RespReply.ToString shows bytes.
        private static string Show(byte[] bytes) => Wire.Show(bytes).Replace(@"\x7c", "|", StringComparison.Ordinal);

        private IEnumerable<Reply> MapChildren() => Children.Take(Children.Length / 2 * 2);

        // Status and error text is one line: the writer turns CR and LF into spaces, so generate none.
        private byte[] Printable() => [.. Bytes.Select(b => b is (byte)'\r' or (byte)'\n' ? (byte)' ' : b)];
    }
}
