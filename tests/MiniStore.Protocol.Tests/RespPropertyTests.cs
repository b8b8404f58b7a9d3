using CsCheck;

namespace MiniStore.Protocol.Tests;

/// <summary>Random RESP input: frames of random arguments read back exactly; garbage never throws.</summary>
public sealed class RespPropertyTests
{
    private static readonly Gen<byte[]> Argument = Gen.OneOf(
        Gen.Byte,
        Gen.OneOf<byte>((byte)'\r', (byte)'\n', 0, (byte)'*', (byte)'$')).Array[0, 30];

    // Pieces of RESP and line syntax, so that random concatenations are often nearly valid.
    private static readonly Gen<byte[]> Fragment = Gen.OneOf(
        Gen.OneOf("*1\r\n", "*2\r\n", "*3\r\n", "*0\r\n", "*-1\r\n", "$3\r\n", "$0\r\n", "$-1\r\n", "$1\r\n", "GET", "SET",
            "\r\n", "\r", "\n", "abc", ":1\r\n", "+OK\r\n", "PING\n", "\"x y\"", " ", "'", "99999999999\r\n", "$40\r\n")
            .Select(Wire.Bytes),
        Gen.Byte.Array[1, 4]);

    [Fact]
    public void FramesOfRandomArguments_ReadBackExactly_InRandomChunks()
    {
        var frames = Gen.Select(Gen.OneOf("GET", "SET", "del", "X"), Argument.Array[0, 5]);
        Gen.Select(frames.Array[1, 10], Gen.Int[1, 40].Array[1, 4]).Sample((requests, chunkSizes) =>
        {
            var bytes = requests.SelectMany(r => Resp.Frame([Wire.Bytes(r.Item1), .. r.Item2])).ToArray();
            var expected = requests.Select(r =>
                $"Resp {CommandNames.Recognize(Wire.Bytes(r.Item1))} {r.Item1}" + string.Concat(r.Item2.Select(a => "|" + Wire.Show(a))))
                .ToList();

            Assert.Equal(expected, Wire.ReadAll(new RequestReader(1 << 20), Segments.Of(bytes)));
            Assert.Equal(expected, Wire.Feed(new RequestReader(1 << 20), Wire.Chunks(bytes, chunkSizes)));
            Assert.Equal(expected, Wire.Feed(new RequestReader(1 << 20), Wire.Chunks(bytes, chunkSizes), regroup: true));
        }, iter: 2000);
    }

    [Fact]
    public void RandomFragments_NeverThrow_AndReadTheSameInChunks()
    {
        var gen = Gen.Select(Fragment.Array[1, 40], Gen.Int[1, 32].Array[1, 6], Gen.Int[8, 200], Gen.Int[1, 4]);
        gen.Sample((fragments, chunkSizes, limit, maxElements) =>
        {
            var bytes = fragments.SelectMany(f => f).ToArray();
            RequestReader Reader() => new(limit) { MaxArrayElements = maxElements, MaxBulkBytes = limit / 2 };

            var whole = Wire.ReadAll(Reader(), Segments.Of(bytes));
            var fed = Wire.Feed(Reader(), Wire.Chunks(bytes, chunkSizes));

            Assert.Equal(whole, fed);
            Assert.Equal(whole, Wire.Feed(Reader(), Wire.Chunks(bytes, chunkSizes), regroup: true));
        }, iter: 5000);
    }
}
