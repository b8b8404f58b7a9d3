namespace MiniStore.Core.Tests;

/// <summary>DEL, EXISTS, DBSIZE and FLUSHALL.</summary>
public sealed class DeleteExistsTests : StoreTestBase
{
    [Fact]
    public void Delete_ExistingKey_RemovesIt_Once()
    {
        Set("k"u8.ToArray(), "v"u8.ToArray());

        Assert.True(Store.Delete("k"u8));
        Assert.False(Store.Delete("k"u8));
        Assert.Null(Store.GetBytes("k"u8));
        Assert.Equal(0, Store.Count());
    }

    [Fact]
    public void Delete_MissingKey_ReturnsFalse()
    {
        Assert.False(Store.Delete("k"u8));
    }

    [Fact]
    public void Delete_KeyPastItsDeadline_ReturnsFalse_AndCountsItAsExpired()
    {
        var time = new InertTimeProvider();
        using var store = new KeyStore(time: time);
        store.Set("k"u8, "v"u8, Options.Px(100));
        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.False(store.Delete("k"u8));
        Assert.Equal(1, store.GetStats().ExpiredKeys);
    }

    [Fact]
    public void Delete_LeavesOtherKeysAlone()
    {
        Set("a"u8.ToArray(), "1"u8.ToArray());
        Set("b"u8.ToArray(), "2"u8.ToArray());

        Store.Delete("a"u8);

        Assert.Equal("2"u8.ToArray(), Store.GetBytes("b"u8));
        Assert.Equal(1, Store.Count());
    }

    [Fact]
    public void Exists_FollowsTheKeysLife()
    {
        Assert.False(Store.Exists("k"u8));
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 100);
        Assert.True(Store.Exists("k"u8));
        Advance(100);
        Assert.False(Store.Exists("k"u8));
        Set("k"u8.ToArray(), "v"u8.ToArray());
        Assert.True(Store.Exists("k"u8));
        Store.Delete("k"u8);
        Assert.False(Store.Exists("k"u8));
    }

    [Fact]
    public void Count_CountsLiveKeys()
    {
        Assert.Equal(0, Store.Count());
        for (var i = 0; i < 100; i++)
        {
            Store.Set(BitConverter.GetBytes(i), "v"u8, i % 2 == 0 ? SetOptions.Plain : Options.Px(50));
        }

        Set(BitConverter.GetBytes(0), "again"u8.ToArray());
        Assert.Equal(100, Store.Count());
        Advance(50);
        Assert.Equal(50, Store.Count());
    }

    [Fact]
    public void FlushAll_RemovesEveryKey_AndResetsTheCounters_ButNotExpiredKeys()
    {
        SetPx("gone"u8.ToArray(), "v"u8.ToArray(), 10);
        Advance(10);
        for (var i = 0; i < 1000; i++)
        {
            Store.Set(BitConverter.GetBytes(i), new byte[i % 50], i % 3 == 0 ? Options.Px(1000) : SetOptions.Plain);
        }

        Store.FlushAll();

        Assert.Equal(new StoreStats(0, 0, 1, 0), Store.GetStats());
        Assert.Null(Store.GetBytes(BitConverter.GetBytes(7)));
        Assert.Equal(0, Store.Count());
    }

    [Fact]
    public void FlushAll_ThenKeysCanBeAddedAgain()
    {
        Set("k"u8.ToArray(), "old"u8.ToArray());

        Store.FlushAll();
        Set("k"u8.ToArray(), "new"u8.ToArray());

        Assert.Equal("new"u8.ToArray(), Store.GetBytes("k"u8));
        Assert.Equal(1, Store.Count());
    }

    [Fact]
    public void FlushAll_OnEmptyStore_IsHarmless()
    {
        Store.FlushAll();

        Assert.Equal(new StoreStats(0, 0, 0, 0), Store.GetStats());
    }

    [Fact]
    public void FlushAll_KeysWithTtl_AreNotCountedAsExpiredLater()
    {
        for (var i = 0; i < 100; i++)
        {
            Store.Set(BitConverter.GetBytes(i), "v"u8, Options.Px(100));
        }

        Store.FlushAll();
        Advance(1000);

        Assert.Equal(0, Store.GetStats().ExpiredKeys);
    }
}
