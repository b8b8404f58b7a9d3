namespace MiniStore.Core.Tests;

/// <summary>Exact deadlines, active expiry by the scheduler's timer, lazy expiry on access.</summary>
public sealed class ExpiryTests : StoreTestBase
{
    [Fact]
    public void Px100_IsAliveAt99_AndGoneAt100()
    {
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 100);

        Advance(99);
        Assert.Equal("v"u8.ToArray(), Store.GetBytes("k"u8));
        Assert.True(Store.Exists("k"u8));
        Assert.Equal(1, Store.TimeToLiveMs("k"u8));
        Assert.Equal(1, Store.Count());

        Advance(1);
        Assert.Null(Store.GetBytes("k"u8));
        Assert.False(Store.Exists("k"u8));
        Assert.Equal(-2, Store.TimeToLiveMs("k"u8));
        Assert.Equal(0, Store.Count());
    }

    [Fact]
    public void LazyExpiry_HidesAKeyAtItsExactDeadline_WithoutTheTimer()
    {
        var time = new InertTimeProvider();
        using var store = new KeyStore(time: time);
        store.Set("k"u8, "v"u8, Options.Px(100));

        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal("v"u8.ToArray(), store.GetBytes("k"u8));
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Null(store.GetBytes("k"u8));
        Assert.False(store.Exists("k"u8));
        Assert.Equal(-2, store.TimeToLiveMs("k"u8));
    }

    [Fact]
    public void PeekStats_ChangesNothing_GetStatsReclaims()
    {
        var time = new InertTimeProvider();
        using var store = new KeyStore(time: time);
        store.Set("k"u8, "v"u8, Options.Px(100));
        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal(1, store.PeekStats().Keys);
        Assert.Equal(0, store.PeekStats().ExpiredKeys);
        Assert.Equal(1, store.ExpiryHeapCount);

        Assert.Equal(0, store.GetStats().Keys);
        Assert.Equal(1, store.PeekStats().ExpiredKeys);
        Assert.Equal(0, store.ExpiryHeapCount);
    }

    [Fact]
    public void Count_ExcludesKeysPastTheirDeadline_WithoutTheTimer()
    {
        var time = new InertTimeProvider();
        using var store = new KeyStore(time: time);
        store.Set("a"u8, "v"u8, Options.Px(100));
        store.Set("b"u8, "v"u8, SetOptions.Plain);

        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal(1, store.Count());
        Assert.Equal(new StoreStats(1, 0, 1, Entry.SizeOf(1, 1)), store.GetStats());
    }

    [Fact]
    public void LazyExpiry_CountsAKeyAsExpiredOnce()
    {
        var time = new InertTimeProvider();
        using var store = new KeyStore(time: time);
        store.Set("k"u8, "v"u8, Options.Px(100));
        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Null(store.GetBytes("k"u8));
        Assert.Null(store.GetBytes("k"u8));
        Assert.False(store.Exists("k"u8));
        Assert.Equal(-2, store.TimeToLiveMs("k"u8));
        Assert.False(store.Delete("k"u8));

        // The heap item is popped here and finds the entry already gone: not counted again.
        var stats = store.GetStats();
        Assert.Equal(1, stats.ExpiredKeys);
        Assert.Equal(0, stats.Keys);
        Assert.Equal(0, store.ExpiryHeapCount);
    }

    [Fact]
    public void ActiveExpiry_ReclaimsWithoutAnyAccess()
    {
        for (var i = 1; i <= 1000; i++)
        {
            Store.Set(BitConverter.GetBytes(i), "v"u8, Options.Px(i));
        }

        Advance(500);

        // Nothing has touched the store since the writes: the timer alone popped the due items.
        Assert.Equal(500, Store.ExpiryHeapCount);
        Assert.Equal(new StoreStats(500, 500, 500, 500 * Entry.SizeOf(4, 1)), Store.GetStats());

        Advance(500);

        Assert.Equal(0, Store.ExpiryHeapCount);
        Assert.Equal(new StoreStats(0, 0, 1000, 0), Store.GetStats());
    }

    [Fact]
    public void ActiveExpiry_FiresAtTheExactDeadline()
    {
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 100);

        Advance(99);
        Assert.Equal(1, Store.ExpiryHeapCount);
        Advance(1);
        Assert.Equal(0, Store.ExpiryHeapCount);
        Assert.Equal(1, Store.GetStats().ExpiredKeys);
    }

    [Fact]
    public void ActiveExpiry_InOneLongAdvance_ReclaimsEveryDeadlineOnTheWay()
    {
        for (var i = 0; i < 5000; i++)
        {
            Store.Set(BitConverter.GetBytes(i), "v"u8, Options.Px(1 + (i * 7919 % 10_000)));
        }

        Advance(10_000);

        Assert.Equal(0, Store.ExpiryHeapCount);
        Assert.Equal(5000, Store.GetStats().ExpiredKeys);
    }

    [Fact]
    public void AnEarlierDeadline_ArrivingAfterALaterOne_RearmsTheTimer()
    {
        SetPx("late"u8.ToArray(), "v"u8.ToArray(), 10_000);
        SetPx("early"u8.ToArray(), "v"u8.ToArray(), 10);

        Advance(10);

        Assert.Equal(1, Store.ExpiryHeapCount);
        Assert.Equal(1, Store.GetStats().ExpiredKeys);
        Assert.True(Store.Exists("late"u8));
    }

    [Fact]
    public void ADeadlineAddedAfterTheTimerFired_IsStillReclaimed()
    {
        SetPx("first"u8.ToArray(), "v"u8.ToArray(), 10);
        Advance(10);
        Assert.Equal(0, Store.ExpiryHeapCount);

        SetPx("second"u8.ToArray(), "v"u8.ToArray(), 10);
        Advance(10);

        Assert.Equal(0, Store.ExpiryHeapCount);
        Assert.Equal(2, Store.GetStats().ExpiredKeys);
    }

    [Fact]
    public void ManyKeysWithTheSameDeadline_AreReclaimedTogether()
    {
        // More than one reclaim batch (1,024) at one instant.
        for (var i = 0; i < 3000; i++)
        {
            Store.Set(BitConverter.GetBytes(i), "v"u8, Options.Px(50));
        }

        Advance(50);

        Assert.Equal(0, Store.ExpiryHeapCount);
        Assert.Equal(new StoreStats(0, 0, 3000, 0), Store.GetStats());
    }

    [Fact]
    public void KeepTtl_NewValueExpiresAtTheOldDeadline()
    {
        SetPx("k"u8.ToArray(), "old"u8.ToArray(), 100);
        Advance(50);
        Store.Set("k"u8, "new"u8, new SetOptions(Expiry: ExpiryMode.Keep));

        Advance(50);

        Assert.Null(Store.GetBytes("k"u8));
        Assert.Equal(1, Store.GetStats().ExpiredKeys);
    }

    [Fact]
    public void RecountingStats_AfterExpiry_DoesNotCountAgain()
    {
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 10);
        Advance(10);

        Assert.Equal(1, Store.GetStats().ExpiredKeys);
        Assert.Equal(1, Store.GetStats().ExpiredKeys);
        Advance(1000);
        Assert.Equal(1, Store.GetStats().ExpiredKeys);
    }

    [Fact]
    public void AKeyExpired_CanBeSetAgain_AndExpiresAgain()
    {
        SetPx("k"u8.ToArray(), "v1"u8.ToArray(), 10);
        Advance(10);
        SetPx("k"u8.ToArray(), "v2"u8.ToArray(), 10);

        Assert.Equal("v2"u8.ToArray(), Store.GetBytes("k"u8));
        Advance(10);

        Assert.Null(Store.GetBytes("k"u8));
        Assert.Equal(2, Store.GetStats().ExpiredKeys);
    }
}
