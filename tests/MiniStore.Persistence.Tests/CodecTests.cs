using System.Buffers.Binary;
using System.Text;
using CsCheck;
using MiniStore.Persistence.Encodings;

namespace MiniStore.Persistence.Tests;

public sealed class CodecTests
{
    [Fact]
    public void Crc64_OfTheCheckString_IsRedisValue()
    {
        Assert.Equal(0xe9c6d914c4b8d9caUL, Crc64.Compute("123456789"u8));
        Assert.Equal(0UL, Crc64.Compute([]));
    }

    [Fact]
    public void Crc64_InPieces_EqualsInOneGo()
    {
        Gen.Byte.Array[0, 300].Sample(data =>
        {
            var whole = Crc64.Compute(data);
            for (var split = 0; split <= data.Length; split += 7)
            {
                Assert.Equal(whole, Crc64.Append(Crc64.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
            }
        });
    }

    [Fact]
    public void Lzf_DecompressesAHandMadeStream_WithAnOverlappingReference()
    {
        // Literal run "abc" (control 2), then a reference of length 6 at distance 3 (control 0x80, offset byte 2).
        byte[] compressed = [0x02, (byte)'a', (byte)'b', (byte)'c', 0x80, 0x02];
        var output = new byte[9];
        Assert.True(Lzf.TryDecompress(compressed, output));
        Assert.Equal("abcabcabc", Encoding.ASCII.GetString(output));
    }

    [Fact]
    public void Lzf_RejectsAReferenceBeforeTheStart_AndAWrongLength()
    {
        Assert.False(Lzf.TryDecompress([0x00, (byte)'a', 0x20, 0x05], new byte[4]));
        Assert.False(Lzf.TryDecompress([0x02, (byte)'a', (byte)'b', (byte)'c'], new byte[4]));
        Assert.False(Lzf.TryDecompress([0x05, (byte)'a'], new byte[6]));
    }

    [Fact]
    public void Lzf_RoundTrips_RandomAndRepetitiveData()
    {
        var data = Gen.OneOf(
            Gen.Byte.Array[4, 2000],
            Gen.Byte[(byte)'a', (byte)'d'].Array[4, 20000],
            Gen.Byte.Array[1, 30].SelectMany(unit => Gen.Int[1, 2000].Select(times => Enumerable.Repeat(unit, times).SelectMany(u => u).ToArray())));
        data.Sample(input =>
        {
            var compressed = new byte[input.Length + input.Length / 16 + 64];
            var length = Lzf.Compress(input, compressed);
            if (input.Length < 4)
            {
                // Too short for LZF (the generator of repeated units makes these now and then): not compressed.
                Assert.Equal(0, length);
                return;
            }

            Assert.True(length > 0);
            var output = new byte[input.Length];
            Assert.True(Lzf.TryDecompress(compressed.AsSpan(0, length), output));
            Assert.Equal(input, output);
        });
    }

    [Fact]
    public void Lzf_Compresses_RepetitiveText_Well_AndGivesUpWhenThereIsNoRoom()
    {
        var input = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("hello world ", 1000)));
        var output = new byte[input.Length - 4];
        var length = Lzf.Compress(input, output);
        Assert.InRange(length, 1, input.Length / 20);
        var random = new byte[1000];
        new Random(1).NextBytes(random);
        Assert.Equal(0, Lzf.Compress(random, new byte[random.Length - 4]));
    }

    [Fact]
    public void Listpack_DecodesHandMadeBytes()
    {
        // "a" (6-bit string), 1 (7-bit uint), -1 (13-bit int), each followed by its one-byte backlen.
        byte[] lp = [15, 0, 0, 0, 3, 0, 0x81, (byte)'a', 2, 0x01, 1, 0xDF, 0xFF, 2, 0xFF];
        Assert.Equal(["a", "1", "-1"], Listpack.Decode(lp).Select(Encoding.ASCII.GetString));
    }

    [Fact]
    public void Listpack_RoundTrips_EveryIntegerWidth_AndStringLength()
    {
        string[] items =
        [
            "0", "127", "128", "-1", "-4096", "4095", "4096", "-32768", "32767", "-8388608", "8388607", "8388608",
            "-2147483648", "2147483647", "2147483648", "-9223372036854775808", "9223372036854775807",
            "01", "+1", "-0", "1.5", " 1", string.Empty, new string('s', 63), new string('s', 64), new string('s', 4095), new string('s', 4096), new string('s', 20000),
        ];
        var bytes = items.Select(Encoding.ASCII.GetBytes).ToArray();
        var lp = Listpack.Encode(bytes);
        Assert.Equal(lp.Length, BinaryPrimitives.ReadInt32LittleEndian(lp));
        Assert.Equal(items, Listpack.Decode(lp).Select(Encoding.ASCII.GetString));
        Assert.Equal(lp.Length - 7, bytes.Sum(b => Listpack.EncodedSize(b)));
    }

    [Fact]
    public void Listpack_Integers_AreStoredCompactly()
    {
        // 7-bit, 13-bit, 16, 24, 32 and 64-bit integers take 1, 2, 3, 4, 5 and 9 bytes plus a one-byte backlen.
        Assert.Equal(2, Listpack.EncodedSize("100"u8));
        Assert.Equal(3, Listpack.EncodedSize("-100"u8));
        Assert.Equal(4, Listpack.EncodedSize("30000"u8));
        Assert.Equal(5, Listpack.EncodedSize("8000000"u8));
        Assert.Equal(6, Listpack.EncodedSize("2000000000"u8));
        Assert.Equal(10, Listpack.EncodedSize("9000000000"u8));
    }

    [Fact]
    public void Listpack_RefusesACountThatDoesNotMatch_AndATruncatedElement()
    {
        byte[] lp = [15, 0, 0, 0, 4, 0, 0x81, (byte)'a', 2, 0x01, 1, 0xDF, 0xFF, 2, 0xFF];
        Assert.Throws<CorruptEncodingException>(() => Listpack.Decode(lp));
        byte[] truncated = [9, 0, 0, 0, 1, 0, 0x85, (byte)'a', 0xFF];
        Assert.Throws<CorruptEncodingException>(() => Listpack.Decode(truncated));
    }

    [Fact]
    public void Ziplist_DecodesHandMadeBytes_OfEveryEntryEncoding()
    {
        var entries = new List<byte>();
        entries.AddRange([0x00, 0x01, (byte)'x']);                // 6-bit string "x"
        entries.AddRange([0x03, 0xF6]);                           // immediate 5
        entries.AddRange([0x02, 0xC0, 0xD4, 0xFE]);               // int16 -300
        entries.AddRange([0x04, 0xFE, 0x80]);                     // int8 -128
        entries.AddRange([0x03, 0xF0, 0x00, 0x00, 0x80]);         // int24 -8388608
        entries.AddRange([0x05, 0xD0, 0x00, 0xCA, 0x9A, 0x3B]);   // int32 1000000000
        entries.AddRange([0x06, 0xE0, 0, 0, 0, 0, 0, 0, 0, 0x80]); // int64 min
        entries.AddRange([0x0A, 0x40, 0x41]);                     // 14-bit string of 65 bytes
        entries.AddRange(Enumerable.Repeat((byte)'q', 65));
        var total = 10 + entries.Count + 1;
        var zl = new List<byte>();
        zl.AddRange(BitConverter.GetBytes(total));
        zl.AddRange(BitConverter.GetBytes(0));
        zl.AddRange(BitConverter.GetBytes((ushort)8));
        zl.AddRange(entries);
        zl.Add(0xFF);
        Assert.Equal(
            ["x", "5", "-300", "-128", "-8388608", "1000000000", "-9223372036854775808", new string('q', 65)],
            Ziplist.Decode(zl.ToArray()).Select(Encoding.ASCII.GetString));
    }

    [Fact]
    public void Intset_DecodesEachWidth()
    {
        byte[] sixteen = [2, 0, 0, 0, 2, 0, 0, 0, 0xFB, 0xFF, 0x2C, 0x01];
        Assert.Equal(["-5", "300"], Intset.Decode(sixteen).Select(Encoding.ASCII.GetString));
        var sixtyFour = new byte[8 + 8];
        sixtyFour[0] = 8;
        sixtyFour[4] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(sixtyFour.AsSpan(8), -5_000_000_000);
        Assert.Equal(["-5000000000"], Intset.Decode(sixtyFour).Select(Encoding.ASCII.GetString));
        Assert.Throws<CorruptEncodingException>(() => Intset.Decode([3, 0, 0, 0, 0, 0, 0, 0]));
        Assert.Throws<CorruptEncodingException>(() => Intset.Decode([2, 0, 0, 0, 2, 0, 0, 0, 1, 0]));
    }

    [Fact]
    public void Zipmap_DecodesPairs_SkippingFreeBytes()
    {
        byte[] zm = [2, 1, (byte)'k', 2, 1, (byte)'v', (byte)'w', 0, 1, (byte)'a', 1, 0, (byte)'b', 0xFF];
        Assert.Equal(["k", "vw", "a", "b"], Zipmap.Decode(zm).Select(Encoding.ASCII.GetString));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("-1", true)]
    [InlineData("9223372036854775807", true)]
    [InlineData("-9223372036854775808", true)]
    [InlineData("9223372036854775808", false)]
    [InlineData("-0", false)]
    [InlineData("01", false)]
    [InlineData("+1", false)]
    [InlineData("", false)]
    [InlineData("1 ", false)]
    public void CanonicalIntegers_AreThoseThatReadBackByteForByte(string text, bool canonical) =>
        Assert.Equal(canonical, IntegerText.TryParseCanonical(Encoding.ASCII.GetBytes(text), out _));
}
