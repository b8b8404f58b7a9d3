namespace MiniStore.Core.Tests;

public sealed class GetSetTests : StoreTestBase
{
    [Fact]
    public void Get_MissingKey_ReturnsNull()
    {
        Assert.Null(Store.GetBytes("nope"u8));
    }

    [Fact]
    public void Set_ThenGet_ReturnsValue()
    {
        var result = Set("k"u8.ToArray(), "v"u8.ToArray());

        Assert.Equal(new SetResult(SetStatus.Written, null), result);
        Assert.Equal("v"u8.ToArray(), Store.GetBytes("k"u8));
    }

    [Fact]
    public void Set_ExistingKey_ReplacesValue()
    {
        Set("k"u8.ToArray(), "first"u8.ToArray());

        var result = Set("k"u8.ToArray(), "second"u8.ToArray());

        Assert.Equal(SetStatus.Written, result.Status);
        Assert.Null(result.OldValue.Bytes());
        Assert.Equal("second"u8.ToArray(), Store.GetBytes("k"u8));
        Assert.Equal(1, Store.Count());
    }

    [Fact]
    public void Set_CopiesKeyAndValue_CallerMayReuseItsBuffers()
    {
        var key = "key"u8.ToArray();
        var value = "value"u8.ToArray();
        Set(key, value);

        key[0] = (byte)'X';
        value[0] = (byte)'X';

        Assert.Equal("value"u8.ToArray(), Store.GetBytes("key"u8));
        Assert.Null(Store.GetBytes(key));
    }

    [Fact]
    public void Set_EmptyValue_IsStoredAndDistinctFromMissing()
    {
        Set("k"u8.ToArray(), []);

        var value = Store.GetBytes("k"u8);

        Assert.NotNull(value);
        Assert.Empty(value);
        Assert.True(Store.Exists("k"u8));
    }

    [Fact]
    public void Set_LargeValue_RoundTrips()
    {
        var value = new byte[1 << 20];
        new Random(42).NextBytes(value);

        Set("big"u8.ToArray(), value);

        Assert.Equal(value, Store.GetBytes("big"u8));
    }

    [Fact]
    public void Get_ManyKeysAcrossShards_EachReturnsItsOwnValue()
    {
        for (var i = 0; i < 10_000; i++)
        {
            Store.Set(BitConverter.GetBytes(i), BitConverter.GetBytes(i * 7), SetOptions.Plain);
        }

        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(BitConverter.GetBytes(i * 7), Store.GetBytes(BitConverter.GetBytes(i)));
        }

        Assert.Equal(10_000, Store.Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(100)]
    public void ShardCount_IsRoundedUpToAPowerOfTwo_AndEveryShardCountWorks(int requested)
    {
        using var store = new KeyStore(new StoreOptions { ShardCount = requested });

        Assert.Equal((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)requested), store.ShardCount);
        for (var i = 0; i < 1000; i++)
        {
            store.Set(BitConverter.GetBytes(i), BitConverter.GetBytes(i), SetOptions.Plain);
        }

        Assert.Equal(1000, store.Count());
        Assert.Equal(BitConverter.GetBytes(999), store.GetBytes(BitConverter.GetBytes(999)));
    }

    [Fact]
    public void ShardCount_BelowOne_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyStore(new StoreOptions { ShardCount = 0 }));
    }
}
