namespace MiniStore.Protocol.Tests;

/// <summary>
/// A request must read the same however the bytes are cut into segments or spread over reads: the pipe decides
/// that, not the client.
/// </summary>
public sealed class SegmentSplitTests
{
    private const string LineCorpus =
        "SET key:1 value\r\n" +
        "\r\n" +
        "GET key:1\n" +
        "SET \"a key\" 'it\\'s' EX 10\r\n" +
        "  \t \n" +
        "SET k \"\\x41\\n\\\"q\\\"\" GET\n" +
        "GET \"broken\r\n" +
        "DEL a\x00b \xff c\n" +
        "ping\n";

    // RESP frames, binary bulk strings, an empty array and lines in between.
    private const string MixedCorpus =
        "*2\r\n$3\r\nGET\r\n$5\r\nkey:1\r\n" +
        "*3\r\n$3\r\nSET\r\n$4\r\nk\r\n\0\r\n$0\r\n\r\n" +
        "PING\r\n" +
        "*0\r\n" +
        "*1\r\n$4\r\nQUIT\r\n" +
        "\r\n" +
        "*4\r\n$3\r\nDEL\r\n$1\r\n\xff\r\n$2\r\n\"'\r\n$11\r\nhello world\r\n" +
        "GET 'x y'\n";

    // Ends in a malformed frame: every cut must report the same requests and then the same fatal error.
    private const string FatalCorpus =
        "*1\r\n$4\r\nPING\r\n" +
        "ECHO hi\n" +
        "*2\r\n$3\r\nGET\r\n:1\r\n";

    public static TheoryData<string> Corpora => new() { LineCorpus, MixedCorpus, FatalCorpus };

    [Theory]
    [MemberData(nameof(Corpora))]
    public void TwoSegments_EveryCut_ReadsTheSame(string corpus)
    {
        var bytes = Wire.Bytes(corpus);
        var expected = Wire.ReadAll(new RequestReader(1024), Segments.Of(bytes));

        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var results = Wire.ReadAll(new RequestReader(1024), Segments.Split(bytes, cut));
            Assert.True(expected.SequenceEqual(results), $"cut at {cut}: {string.Join(" / ", results)}");
        }
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public void ThreeSegments_EveryPairOfCuts_ReadsTheSame(string corpus)
    {
        var bytes = Wire.Bytes(corpus);
        var expected = Wire.ReadAll(new RequestReader(1024), Segments.Of(bytes));
        var reader = new RequestReader(1024);

        for (var first = 0; first <= bytes.Length; first++)
        {
            for (var second = first; second <= bytes.Length; second++)
            {
                var results = Wire.ReadAll(reader, Segments.Split(bytes, first, second));
                Assert.True(expected.SequenceEqual(results), $"cuts at {first}, {second}: {string.Join(" / ", results)}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public void FedInChunks_EveryChunkSize_ReadsTheSame(string corpus)
    {
        var bytes = Wire.Bytes(corpus);
        var expected = Wire.ReadAll(new RequestReader(1024), Segments.Of(bytes));

        for (var size = 1; size <= bytes.Length; size++)
        {
            var results = Wire.Feed(new RequestReader(1024), Wire.Chunks(bytes, size));
            Assert.True(expected.SequenceEqual(results), $"chunks of {size}: {string.Join(" / ", results)}");
        }

        Assert.Equal(expected, Wire.Feed(new RequestReader(1024), Wire.Chunks(bytes, 1, 2, 3, 5, 8, 13)));
    }

    [Fact]
    public void PartialRequest_ThenTheRest_IsOneRequest()
    {
        var reader = new RequestReader(1024);

        var results = Wire.Feed(reader, [Wire.Bytes("SET k \"hel"), Wire.Bytes("lo\" EX"), Wire.Bytes(" 5\r"), Wire.Bytes("\nGET k\n")]);

        Assert.Equal(["Line Set SET|k|hello|EX|5", "Line Get GET|k"], results);
    }

    [Fact]
    public void LineSplitAcrossSegments_IsCopiedAndStillCorrect()
    {
        var buffer = Segments.Of(Wire.Bytes("GE"), Wire.Bytes("T key:"), Wire.Bytes(""), Wire.Bytes("1\r"), Wire.Bytes("\nPING\n"));

        var results = Wire.ReadAll(new RequestReader(64), buffer);

        Assert.Equal(["Line Get GET|key:1", "Line Ping PING"], results);
    }
}
