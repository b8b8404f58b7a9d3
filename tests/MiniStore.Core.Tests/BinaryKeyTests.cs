namespace MiniStore.Core.Tests;

/// <summary>Keys are bytes: no encoding, no case folding, no terminator.</summary>
public sealed class BinaryKeyTests : StoreTestBase
{
    public static TheoryData<byte[]> OddKeys => new()
    {
        Array.Empty<byte>(),
        new byte[] { 0 },
        new byte[] { 0, 0, 0 },
        new byte[] { (byte)'a', 0, (byte)'b' },
        new byte[] { 0xFF },
        new byte[] { 0xFF, 0xFE, 0x00, 0x80 },
        new byte[] { 0xC3, 0x28 }, // not valid UTF-8
    };

    [Theory]
    [MemberData(nameof(OddKeys))]
    public void OddKey_SupportsEveryOperation(byte[] key)
    {
        Assert.Equal(SetStatus.Written, SetPx(key, [0, 0xFF], 1000).Status);

        Assert.Equal(new byte[] { 0, 0xFF }, Store.GetBytes(key));
        Assert.True(Store.Exists(key));
        Assert.Equal(1000, Store.TimeToLiveMs(key));
        Assert.Equal(GetExStatus.Done, Store.GetAndUpdateExpiry(key, GetExpiryChange.Persist, 0, out var value));
        Assert.Equal(new byte[] { 0, 0xFF }, value.Bytes());
        Assert.Equal(-1, Store.TimeToLiveMs(key));
        Assert.Equal(1, Store.Count());
        Assert.True(Store.Delete(key));
        Assert.False(Store.Exists(key));
        Assert.Equal(0, Store.Count());
    }

    [Fact]
    public void EmptyKey_IsAKeyOfItsOwn()
    {
        Set([], "empty"u8.ToArray());
        Set([0], "nul"u8.ToArray());

        Assert.Equal("empty"u8.ToArray(), Store.GetBytes([]));
        Assert.Equal("nul"u8.ToArray(), Store.GetBytes([0]));
        Assert.Equal(2, Store.Count());
    }

    [Fact]
    public void KeysDifferingOnlyByTrailingNul_AreDistinct()
    {
        Set("a"u8.ToArray(), "1"u8.ToArray());
        Set("a\0"u8.ToArray(), "2"u8.ToArray());
        Set("a\0\0"u8.ToArray(), "3"u8.ToArray());

        Assert.Equal("1"u8.ToArray(), Store.GetBytes("a"u8));
        Assert.Equal("2"u8.ToArray(), Store.GetBytes("a\0"u8));
        Assert.Equal("3"u8.ToArray(), Store.GetBytes("a\0\0"u8));
        Assert.Equal(3, Store.Count());
    }

    [Fact]
    public void Keys_AreCaseSensitive()
    {
        Set("Key"u8.ToArray(), "upper"u8.ToArray());
        Set("key"u8.ToArray(), "lower"u8.ToArray());

        Assert.Equal("upper"u8.ToArray(), Store.GetBytes("Key"u8));
        Assert.Equal("lower"u8.ToArray(), Store.GetBytes("key"u8));
        Assert.Null(Store.GetBytes("KEY"u8));
        Assert.True(Store.Delete("key"u8));
        Assert.True(Store.Exists("Key"u8));
    }

    [Fact]
    public void KeysThatArePrefixesOfEachOther_AreDistinct()
    {
        Set("user:1"u8.ToArray(), "a"u8.ToArray());
        Set("user:10"u8.ToArray(), "b"u8.ToArray());

        Assert.True(Store.Delete("user:1"u8));

        Assert.Equal("b"u8.ToArray(), Store.GetBytes("user:10"u8));
        Assert.Null(Store.GetBytes("user:1"u8));
    }

    [Fact]
    public void AllSingleByteKeys_AreDistinct()
    {
        for (var b = 0; b < 256; b++)
        {
            Set([(byte)b], [(byte)(255 - b)]);
        }

        Assert.Equal(256, Store.Count());
        for (var b = 0; b < 256; b++)
        {
            Assert.Equal(new[] { (byte)(255 - b) }, Store.GetBytes([(byte)b]));
        }
    }
}
