namespace MiniStore.Protocol.Tests;

/// <summary>protocol.md A.1: how a request line becomes a command and arguments.</summary>
public sealed class LineFramingTests
{
    [Theory]
    [InlineData("GET key\n")]
    [InlineData("GET key\r\n")]
    [InlineData("  GET key  \n")]
    [InlineData("\tGET\t\tkey\t\r\n")]
    [InlineData("get key\n")]
    [InlineData("gEt key\n")]
    public void LineEndingsBlanksAndCase_AllReadTheSame(string line)
    {
        var results = Wire.ReadAll(line);

        var expectedName = line.Trim(' ', '\t', '\r', '\n').Split(' ', '\t')[0];
        Assert.Equal([$"Line Get {expectedName}|key"], results);
    }

    [Fact]
    public void CarriageReturn_OnlyTheOneBeforeTheNewlineIsDropped()
    {
        Assert.Equal([@"Line Get GET|k\x0d"], Wire.ReadAll("GET k\r\r\n"));
        Assert.Equal([@"Line Get GET|a\x0db"], Wire.ReadAll("GET a\rb\n"));
    }

    [Fact]
    public void BlankLines_AreSkippedWithoutResult()
    {
        var results = Wire.ReadAll("\n\r\n   \n\t \r\nPING\n \n");

        Assert.Equal(["Line Ping PING"], results);
    }

    [Fact]
    public void IncompleteLine_NeedsMoreDataAndConsumesNothing()
    {
        var reader = new RequestReader(1024);
        var results = Wire.ReadAll(reader, new(Wire.Bytes("GET ke")), out var rest);

        Assert.Empty(results);
        Assert.Equal(6, rest);
    }

    [Fact]
    public void Pipelined_RequestsAreReadInOrder()
    {
        var results = Wire.ReadAll("SET a 1\nGET a\r\nDEL a b c\nFROB x\n");

        Assert.Equal(["Line Set SET|a|1", "Line Get GET|a", "Line Del DEL|a|b|c", "Line Unknown FROB|x"], results);
    }

    [Theory]
    [InlineData("SET k \"hello world\"\n", "Line Set SET|k|hello world")]
    [InlineData("SET k \"\"\n", "Line Set SET|k|")]
    [InlineData("SET \"\" ''\n", "Line Set SET||")]
    [InlineData("SET k \"a\\\"b\"\n", "Line Set SET|k|a\"b")]
    [InlineData("SET k \"a\\\\b\"\n", @"Line Set SET|k|a\x5cb")]
    [InlineData("SET k \"\\n\\r\\t\\b\\a\\0\"\n", @"Line Set SET|k|\x0a\x0d\x09\x08\x07\x00")]
    [InlineData("SET k \"\\x41\\x7a\\xFf\\x00\"\n", @"Line Set SET|k|Az\xff\x00")]
    [InlineData("SET k \"\\xZZ\\x4\"\n", "Line Set SET|k|xZZx4")]
    [InlineData("SET k \"\\q\\'\\ \"\n", "Line Set SET|k|q' ")]
    [InlineData("SET k 'it''s'\n", null)]
    [InlineData("SET k 'it\\'s'\n", "Line Set SET|k|it's")]
    [InlineData("SET k 'a\\nb\\\\x'\n", @"Line Set SET|k|a\x5cnb\x5c\x5cx")]
    [InlineData("SET k 'a\\\\'\n", null)]
    [InlineData("SET k 'say \"hi\"'\n", "Line Set SET|k|say \"hi\"")]
    [InlineData("SET k \"it's\"\n", "Line Set SET|k|it's")]
    [InlineData("SET \"a key\"\t\"a\tvalue\"\r\n", @"Line Set SET|a key|a\x09value")]
    [InlineData("\"SET\" k v\n", "Line Set SET|k|v")]
    [InlineData("SET k \"v\"\r\n", "Line Set SET|k|v")]
    public void Quotes_AreDecoded(string line, string? expected)
    {
        var results = Wire.ReadAll(line);

        Assert.Equal([expected ?? "Error UnbalancedQuotes"], results);
    }

    [Theory]
    [InlineData("SET k \"abc\n")]
    [InlineData("SET k 'abc\n")]
    [InlineData("SET k \"abc\\\"\n")]
    [InlineData("SET k 'abc\\'\n")]
    [InlineData("SET k \"abc\\\n")]
    [InlineData("SET k \"a\"b\n")]
    [InlineData("SET k 'a'b\n")]
    [InlineData("SET k \"\"\"\n")]
    [InlineData("\"\n")]
    [InlineData("SET k \"v\r\r\n")]
    [InlineData("SET k 'v'\r\r\n")]
    [InlineData("''\r\r\n")]
    public void UnbalancedQuotes_AreAnErrorAndTheConnectionGoesOn(string line)
    {
        var results = Wire.ReadAll(line + "PING\n");

        Assert.Equal(["Error UnbalancedQuotes", "Line Ping PING"], results);
    }

    [Fact]
    public void UnbalancedQuotes_ErrorCarriesTheMessage()
    {
        var reader = new RequestReader(1024);
        var buffer = new System.Buffers.ReadOnlySequence<byte>(Wire.Bytes("GET \"x\n"));

        var status = reader.TryRead(ref buffer, out _, out var error);

        Assert.Equal(ReadStatus.Error, status);
        Assert.Equal(ProtocolErrorKind.UnbalancedQuotes, error.Kind);
        Assert.Equal("unbalanced quotes", error.Message);
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [InlineData("SET k a\"b\"\n", "Line Set SET|k|a\"b\"")]
    [InlineData("SET k a'b\n", "Line Set SET|k|a'b")]
    [InlineData("SET k a\"b c\"\n", "Line Set SET|k|a\"b|c\"")]
    [InlineData("SET k \"a\" b\n", "Line Set SET|k|a|b")]
    public void QuoteGluedAfterAToken_IsAnOrdinaryByte(string line, string expected)
    {
        // A quote opens a quoted token only at the token's start, so a raw reply value such as a"b" reads back as itself.
        Assert.Equal([expected], Wire.ReadAll(line));
    }

    [Fact]
    public void NulAndHighBytes_ArePlainTokenBytes()
    {
        var results = Wire.ReadAll("SET k\x00 \xff\xfe\x00\x7f\n");

        Assert.Equal([@"Line Set SET|k\x00|\xff\xfe\x00\x7f"], results);
    }

    [Fact]
    public void QuotedNulAndHighBytes_AreDecoded()
    {
        var results = Wire.ReadAll("SET \"\x00\xff\" '\xff\x00'\n");

        Assert.Equal([@"Line Set SET|\x00\xff|\xff\x00"], results);
    }

    [Fact]
    public void ArgumentIndexer_RejectsOutOfRange()
    {
        var reader = new RequestReader(1024);
        var buffer = new System.Buffers.ReadOnlySequence<byte>(Wire.Bytes("GET k\n"));
        reader.TryRead(ref buffer, out var request, out _);
        var count = request.ArgumentCount;

        Assert.Equal(1, count);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadArgument(reader, "GET k\n", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadArgument(reader, "GET k\n", -1));
    }

    [Fact]
    public void DefaultRequest_IsEmpty()
    {
        var request = default(Request);

        Assert.Equal(0, request.ArgumentCount);
        Assert.True(request.Name.IsEmpty);
        Assert.Equal(CommandId.Unknown, request.Command);
    }

    [Fact]
    public void UnquotedLine_IsViewedInPlaceWithoutCopying()
    {
        var bytes = Wire.Bytes("SET key value\n");
        var buffer = new System.Buffers.ReadOnlySequence<byte>(bytes);
        var reader = new RequestReader(1024);

        reader.TryRead(ref buffer, out var request, out _);

        Assert.True(System.Runtime.CompilerServices.Unsafe.AreSame(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(request[1]), ref bytes[8]));
    }

    private static int ReadArgument(RequestReader reader, string line, int index)
    {
        var buffer = new System.Buffers.ReadOnlySequence<byte>(Wire.Bytes(line));
        reader.TryRead(ref buffer, out var request, out _);
        return request[index].Length;
    }
}
