using System.Buffers;

namespace MiniStore.Protocol.Tests;

/// <summary>protocol.md A.1 size limit: an oversize line is refused once and never buffered.</summary>
public sealed class TooLargeTests
{
    [Fact]
    public void LineAtTheLimit_IsServed()
    {
        var line = "SET k " + new string('v', 10);

        Assert.Equal([$"Line Set SET|k|{new string('v', 10)}"], Wire.ReadAll(line + "\r\n", maxRequestBytes: line.Length));
        Assert.Equal([$"Line Set SET|k|{new string('v', 10)}"], Wire.ReadAll(line + "\n", maxRequestBytes: line.Length));
    }

    [Fact]
    public void LineOneByteOverTheLimit_IsTooLarge_AndTheNextLineIsServed()
    {
        var line = "SET k " + new string('v', 11);

        Assert.Equal(["TooLarge TooLarge", "Line Ping PING"], Wire.ReadAll(line + "\r\nPING\n", maxRequestBytes: line.Length - 1));
        Assert.Equal(["TooLarge TooLarge", "Line Ping PING"], Wire.ReadAll(line + "\nPING\n", maxRequestBytes: line.Length - 1));
    }

    [Fact]
    public void HugeLine_InOneBuffer_IsReportedOnce()
    {
        var text = "SET k " + new string('x', 100_000) + "\nGET k\n";

        Assert.Equal(["TooLarge TooLarge", "Line Get GET|k"], Wire.ReadAll(text, maxRequestBytes: 4096));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(10_000)]
    public void HugeLine_FedInManyChunks_IsReportedOnce_AndNeverBuffered(int chunkSize)
    {
        var reader = new RequestReader(4096);
        var bytes = Wire.Bytes("SET k \"" + new string('x', 50_000) + "\r\nGET k\nPING\n");
        var results = new List<string>();
        var pending = Array.Empty<byte>();
        foreach (var chunk in Wire.Chunks(bytes, chunkSize))
        {
            var buffer = Segments.Of(pending, chunk);
            ReadStatus status;
            while ((status = reader.TryRead(ref buffer, out var request, out var error)) != ReadStatus.NeedMoreData)
            {
                results.Add(Wire.Describe(status, request, error));
            }

            // What the reader leaves unconsumed is all the server buffers: never much more than the limit.
            Assert.True(buffer.Length <= 4096 + 2, $"{buffer.Length} bytes left buffered");
            pending = buffer.ToArray();
        }

        Assert.Equal(["TooLarge TooLarge", "Line Get GET|k", "Line Ping PING"], results);
    }

    [Fact]
    public void TooLarge_ConsumesTheSearchedBytes_AndDiscardsTheRestLater()
    {
        var reader = new RequestReader(16);
        var buffer = new ReadOnlySequence<byte>(Wire.Bytes(new string('a', 40)));

        Assert.Equal(ReadStatus.TooLarge, reader.TryRead(ref buffer, out _, out var error));
        Assert.Equal("request too large", error.Message);
        Assert.Equal(40 - 18, buffer.Length);

        Assert.Equal(ReadStatus.NeedMoreData, reader.TryRead(ref buffer, out _, out _));
        Assert.True(buffer.IsEmpty);

        buffer = new ReadOnlySequence<byte>(Wire.Bytes("more\nGET k\n"));
        Assert.Equal(ReadStatus.Request, reader.TryRead(ref buffer, out var request, out _));
        Assert.Equal(CommandId.Get, request.Command);
    }

    [Fact]
    public void RaisingTheLimit_AppliesToTheNextRequest()
    {
        var reader = new RequestReader(8);
        var text = "SET key value\nSET key value\n";

        var buffer = new ReadOnlySequence<byte>(Wire.Bytes(text));
        Assert.Equal(ReadStatus.TooLarge, reader.TryRead(ref buffer, out _, out _));
        reader.MaxRequestBytes = 1 << 20;
        Assert.Equal(ReadStatus.Request, reader.TryRead(ref buffer, out var request, out _));
        Assert.Equal(CommandId.Set, request.Command);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(RequestReader.MaxRequestBytesLimit + 1)]
    public void MaxRequestBytes_OutOfRange_Throws(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestReader(value));
    }
}
