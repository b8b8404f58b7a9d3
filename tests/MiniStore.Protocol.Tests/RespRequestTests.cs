using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MiniStore.Protocol.Tests;

/// <summary>protocol.md B: RESP2 requests on the same port as lines.</summary>
public sealed class RespRequestTests
{
    [Fact]
    public void ArrayOfBulkStrings_IsARespRequest()
    {
        var results = Wire.ReadAll(new RequestReader(1024), new(Resp.Frame("SET", "key", "value", "EX", "10")));

        Assert.Equal(["Resp Set SET|key|value|EX|10"], results);
    }

    [Fact]
    public void CommandName_IsCaseInsensitive()
    {
        Assert.Equal(["Resp Get gEt|k"], Wire.ReadAll(new RequestReader(1024), new(Resp.Frame("gEt", "k"))));
    }

    [Fact]
    public void BinaryKeysAndValues_ArriveExactly()
    {
        var frame = Resp.Frame([Wire.Bytes("SET"), Wire.Bytes("k\r\ney\0"), Wire.Bytes("\r\n\r\n"), [], Wire.Bytes("\"'\\ \t\xff")]);

        var results = Wire.ReadAll(new RequestReader(1024), new(frame));

        Assert.Equal([@"Resp Set SET|k\x0d\x0aey\x00|\x0d\x0a\x0d\x0a||""'\x5c \x09\xff"], results);
    }

    [Fact]
    public void FrameInOneSegment_IsViewedInPlace()
    {
        var frame = Resp.Frame("GET", "key");
        var reader = new RequestReader(1024);
        var buffer = new ReadOnlySequence<byte>(frame);

        Assert.Equal(ReadStatus.Request, reader.TryRead(ref buffer, out var request, out _));

        Assert.True(Unsafe.AreSame(ref MemoryMarshal.GetReference(request[0]), ref frame[frame.Length - 5]));
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [InlineData("*0\r\n")]
    [InlineData("*-1\r\n")]
    [InlineData("*-7\r\n")]
    public void EmptyArrays_AreSkipped(string empty)
    {
        var results = Wire.ReadAll(new RequestReader(1024), new([.. Wire.Bytes(empty), .. Resp.Frame("PING")]));

        Assert.Equal(["Resp Ping PING"], results);
    }

    [Fact]
    public void LinesAndRespFrames_Interleave()
    {
        byte[] bytes = [.. Wire.Bytes("SET a 1\r\n"), .. Resp.Frame("GET", "a"), .. Wire.Bytes("\nPING\n"), .. Resp.Frame("DEL", "a"), .. Wire.Bytes("QUIT\r\n")];

        var results = Wire.ReadAll(new RequestReader(1024), new(bytes));

        Assert.Equal(["Line Set SET|a|1", "Resp Get GET|a", "Line Ping PING", "Resp Del DEL|a", "Line Quit QUIT"], results);
    }

    [Fact]
    public void LeadingZeros_AreAccepted()
    {
        Assert.Equal(["Resp Get GET|abc"], Wire.ReadAll(new RequestReader(1024), new(Wire.Bytes("*02\r\n$003\r\nGET\r\n$3\r\nabc\r\n"))));
    }

    [Theory]
    [InlineData("*x\r\n", "invalid multibulk length")]
    [InlineData("*\r\n", "invalid multibulk length")]
    [InlineData("*1x\r\n", "invalid multibulk length")]
    [InlineData("*+1\r\n", "invalid multibulk length")]
    [InlineData("*1\n$4\r\nPING\r\n", "invalid multibulk length")]
    [InlineData("*1 \r\n", "invalid multibulk length")]
    [InlineData("*--1\r\n", "invalid multibulk length")]
    [InlineData("*3000000000\r\n", "invalid multibulk length")]
    [InlineData("*99999999999999999999\r\n", "invalid multibulk length")]
    [InlineData("*1234567890123456789012", "invalid multibulk length")]
    [InlineData("*1\rX", "expected '\\r\\n'")]
    [InlineData("*1\r\n$x\r\n", "invalid bulk length")]
    [InlineData("*1\r\n$\r\n", "invalid bulk length")]
    [InlineData("*1\r\n$-1\r\n", "invalid bulk length")]
    [InlineData("*1\r\n$-5\r\n", "invalid bulk length")]
    [InlineData("*1\r\n$536870913\r\n", "invalid bulk length")]
    [InlineData("*1\r\n$4\rPING", "expected '\\r\\n'")]
    [InlineData("*1\r\n$4\r\nPINGXX", "expected '\\r\\n'")]
    [InlineData("*1\r\n$4\r\nPING\n\r", "expected '\\r\\n'")]
    [InlineData("*2\r\n$4\r\nPING\r\n:5\r\n", "expected '$', got ':'")]
    [InlineData("*1\r\n+OK\r\n", "expected '$', got '+'")]
    [InlineData("*1\r\n*1\r\n$1\r\na\r\n", "expected '$', got '*'")]
    [InlineData("*1\r\n\r\n", "expected '$', got '\\x0d'")]
    [InlineData("*1\r\n\0", "expected '$', got '\\x00'")]
    public void MalformedFrames_AreFatal(string frame, string message)
    {
        var reader = new RequestReader(1 << 20);
        var bytes = Wire.Bytes(frame);
        var buffer = new ReadOnlySequence<byte>(bytes);

        var status = reader.TryRead(ref buffer, out _, out var error);

        Assert.Equal(ReadStatus.Fatal, status);
        Assert.Equal(message, error.Message);
        Assert.Equal(bytes.Length, buffer.Length);
    }

    [Fact]
    public void MalformedFrame_IsFatalWhereverItIsCut()
    {
        var bytes = Wire.Bytes("*2\r\n$3\r\nGET\r\n$3\r\nabcXY");
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var results = Wire.ReadAll(new RequestReader(1024), Segments.Split(bytes, cut));
            Assert.Equal(["Fatal ExpectedCrlf"], results);
        }
    }

    [Fact]
    public void ExpectedBulk_Messages_AreCachedStrings()
    {
        Assert.Same(ProtocolError.ExpectedBulk((byte)':').Message, ProtocolError.ExpectedBulk((byte)':').Message);
        Assert.Equal(ProtocolErrorKind.ExpectedBulk, ProtocolError.ExpectedBulk(0).Kind);
    }

    [Fact]
    public void PreAuthLimits_RefuseTooManyElementsAndLongBulks()
    {
        var reader = new RequestReader(4096) { MaxArrayElements = 10, MaxBulkBytes = 16 * 1024 };

        Assert.Equal(["Resp Del DEL|1|2|3|4|5|6|7|8|9"], Wire.ReadAll(reader, new(Resp.Frame("DEL", "1", "2", "3", "4", "5", "6", "7", "8", "9"))));
        Assert.Equal(["Fatal TooManyElements"], Wire.ReadAll(reader, new(Wire.Bytes("*11\r\n"))));
        Assert.Equal(["Fatal BulkTooLarge"], Wire.ReadAll(reader, new(Wire.Bytes("*2\r\n$3\r\nGET\r\n$16385\r\n"))));
        Assert.Equal(["Fatal TooLarge"], Wire.ReadAll(reader, new(Wire.Bytes("*2\r\n$3\r\nGET\r\n$16384\r\n"))));
    }

    [Fact]
    public void FrameLargerThanTheLimit_IsRefusedFromItsHeaders_BeforeItsBytesArrive()
    {
        var reader = new RequestReader(1 << 20);

        var buffer = new ReadOnlySequence<byte>(Wire.Bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048576\r\n"));
        Assert.Equal(ReadStatus.Fatal, reader.TryRead(ref buffer, out _, out var error));
        Assert.Equal(ProtocolError.TooLarge, error);

        buffer = new ReadOnlySequence<byte>(Wire.Bytes("*200000\r\n"));
        Assert.Equal(ReadStatus.Fatal, reader.TryRead(ref buffer, out _, out error));
        Assert.Equal("request too large", error.Message);
    }

    [Fact]
    public void FrameExactlyAtTheLimit_IsServed()
    {
        var frame = Resp.Frame("SET", "k", new string('v', 100));

        Assert.Equal(ReadStatus.Request, ReadOne(new RequestReader(frame.Length), frame));
        Assert.Equal(ReadStatus.Fatal, ReadOne(new RequestReader(frame.Length - 1), frame));
    }

    [Fact]
    public void HalfGigabyteBulk_IsLegalSyntax_AndWaitsForItsBytes()
    {
        var reader = new RequestReader(RequestReader.MaxRequestBytesLimit);
        var buffer = new ReadOnlySequence<byte>(Wire.Bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870912\r\nabc"));

        Assert.Equal(ReadStatus.NeedMoreData, reader.TryRead(ref buffer, out _, out _));
    }

    [Fact]
    public void LargeBulk_ArrivingInChunks_IsReadOnceComplete()
    {
        var value = new byte[300_000];
        new Random(7).NextBytes(value);
        var frame = Resp.Frame([Wire.Bytes("SET"), Wire.Bytes("big"), value]);
        var reader = new RequestReader(1 << 20);

        var results = Wire.Feed(reader, Wire.Chunks([.. frame, .. Resp.Frame("GET", "big")], 4096));

        Assert.Equal(["Resp Set SET|big|" + Wire.Show(value), "Resp Get GET|big"], results);
    }

    [Fact]
    public void FiveThousandPipelinedFrames_AreAllRead()
    {
        var frames = new List<byte>();
        var expected = new List<string>();
        for (var i = 0; i < 5000; i++)
        {
            var key = $"key:{i:D6}";
            if (i % 3 == 0)
            {
                frames.AddRange(Resp.Frame("SET", key, new string((char)('a' + (i % 26)), i % 50)));
                expected.Add($"Resp Set SET|{key}|{new string((char)('a' + (i % 26)), i % 50)}");
            }
            else
            {
                frames.AddRange(Resp.Frame("GET", key));
                expected.Add($"Resp Get GET|{key}");
            }
        }

        var bytes = frames.ToArray();
        Assert.Equal(expected, Wire.ReadAll(new RequestReader(1024), new(bytes)));
        Assert.Equal(expected, Wire.ReadAll(new RequestReader(1024), SplitEvery(bytes, 4096)));
        Assert.Equal(expected, Wire.Feed(new RequestReader(1024), Wire.Chunks(bytes, 4096, 1000, 17)));
    }

    [Fact]
    public void LimitsOutOfRange_Throw()
    {
        var reader = new RequestReader(1024);

        Assert.Throws<ArgumentOutOfRangeException>(() => reader.MaxArrayElements = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.MaxBulkBytes = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.MaxBulkBytes = RespFrameParser.MaxBulkLength + 1);
    }

    [Fact]
    public void Reset_ForgetsAPartialFrame()
    {
        var reader = new RequestReader(1024);
        var partial = new ReadOnlySequence<byte>(Wire.Bytes("*2\r\n$3\r\nGET\r\n$3\r\nab"));
        Assert.Equal(ReadStatus.NeedMoreData, reader.TryRead(ref partial, out _, out _));

        reader.Reset();

        Assert.Equal(["Line Ping PING"], Wire.ReadAll(reader, new(Wire.Bytes("PING\n"))));
    }

    private static ReadStatus ReadOne(RequestReader reader, byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        return reader.TryRead(ref buffer, out _, out _);
    }

    private static ReadOnlySequence<byte> SplitEvery(byte[] bytes, int size) =>
        Segments.Split(bytes, [.. Enumerable.Range(1, (bytes.Length - 1) / size).Select(i => i * size)]);
}
