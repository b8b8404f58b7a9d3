namespace MiniStore.Core.Tests;

/// <summary>GETEX: <see cref="KeyStore.GetAndUpdateExpiry"/>.</summary>
public sealed class GetExTests : StoreTestBase
{
    [Theory]
    [InlineData(GetExpiryChange.None, 0)]
    [InlineData(GetExpiryChange.ExpireAfter, 500)]
    [InlineData(GetExpiryChange.Persist, 0)]
    public void AbsentKey_ReturnsTrueWithNull_AndCreatesNothing(GetExpiryChange change, long ttl)
    {
        Assert.Equal(GetExStatus.Done, Store.GetAndUpdateExpiry("k"u8, change, ttl, out var value));

        Assert.Null(value);
        Assert.False(Store.Exists("k"u8));
        Assert.Equal(0, Store.ExpiryHeapCount);
    }

    [Fact]
    public void None_ReadsWithoutTouchingTheExpiry()
    {
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 1000);
        var heap = Store.ExpiryHeapCount;

        Assert.Equal(GetExStatus.Done, Store.GetAndUpdateExpiry("k"u8, GetExpiryChange.None, 0, out var value));

        Assert.Equal("v"u8.ToArray(), value.Bytes());
        Assert.Equal(1000, Store.TimeToLiveMs("k"u8));
        Assert.Equal(heap, Store.ExpiryHeapCount);
    }

    [Fact]
    public void ExpireAfter_OnPersistentKey_AddsAnExpiry()
    {
        Set("k"u8.ToArray(), "v"u8.ToArray());

        Assert.Equal(GetExStatus.Done, Store.GetAndUpdateExpiry("k"u8, GetExpiryChange.ExpireAfter, 300, out var value));

        Assert.Equal("v"u8.ToArray(), value.Bytes());
        Assert.Equal(300, Store.TimeToLiveMs("k"u8));
        Assert.Equal(1, Store.GetStats().KeysWithExpiry);
        Advance(300);
        Assert.False(Store.Exists("k"u8));
        Assert.Equal(1, Store.GetStats().ExpiredKeys);
    }

    [Fact]
    public void ExpireAfter_Shorter_ExpiresAtTheNewDeadline()
    {
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 1000);

        Store.GetAndUpdateExpiry("k"u8, GetExpiryChange.ExpireAfter, 100, out _);

        Advance(99);
        Assert.True(Store.Exists("k"u8));
        Advance(1);
        Assert.False(Store.Exists("k"u8));
    }

    [Fact]
    public void ExpireAfter_Longer_OutlivesTheOldDeadline()
    {
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 100);

        Store.GetAndUpdateExpiry("k"u8, GetExpiryChange.ExpireAfter, 1000, out _);

        Advance(999);
        Assert.Equal("v"u8.ToArray(), Store.GetBytes("k"u8));
        Assert.Equal(0, Store.GetStats().ExpiredKeys);
        Advance(1);
        Assert.Null(Store.GetBytes("k"u8));
        Assert.Equal(1, Store.GetStats().ExpiredKeys);
    }

    [Fact]
    public void ExpireAfter_SameDeadline_DoesNotReschedule()
    {
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 100);

        Store.GetAndUpdateExpiry("k"u8, GetExpiryChange.ExpireAfter, 100, out _);

        Assert.Equal(1, Store.ExpiryHeapCount);
    }

    [Fact]
    public void Persist_RemovesTheExpiry()
    {
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 100);

        Assert.Equal(GetExStatus.Done, Store.GetAndUpdateExpiry("k"u8, GetExpiryChange.Persist, 0, out var value));

        Assert.Equal("v"u8.ToArray(), value.Bytes());
        Assert.Equal(-1, Store.TimeToLiveMs("k"u8));
        Assert.Equal(0, Store.GetStats().KeysWithExpiry);
        Advance(100_000);
        Assert.Equal("v"u8.ToArray(), Store.GetBytes("k"u8));
        Assert.Equal(0, Store.GetStats().ExpiredKeys);
    }

    [Fact]
    public void Persist_OnPersistentKey_IsANoOp()
    {
        Set("k"u8.ToArray(), "v"u8.ToArray());

        Assert.Equal(GetExStatus.Done, Store.GetAndUpdateExpiry("k"u8, GetExpiryChange.Persist, 0, out var value));

        Assert.Equal("v"u8.ToArray(), value.Bytes());
        Assert.Equal(-1, Store.TimeToLiveMs("k"u8));
        Assert.Equal(0, Store.ExpiryHeapCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void InvalidTtl_ReturnsFalse_AndChangesNothing(long ttl)
    {
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 1000);

        Assert.Equal(GetExStatus.InvalidExpireTime, Store.GetAndUpdateExpiry("k"u8, GetExpiryChange.ExpireAfter, ttl, out var value));
        // As Redis: a missing key answers nil before the expire time is judged.
        Assert.Equal(GetExStatus.Done, Store.GetAndUpdateExpiry("missing"u8, GetExpiryChange.ExpireAfter, ttl, out var missing));

        Assert.Null(value);
        Assert.Null(missing);
        Assert.Equal(1000, Store.TimeToLiveMs("k"u8));
        Assert.Equal(1, Store.ExpiryHeapCount);
    }

    [Fact]
    public void TtlIsIgnored_UnlessTheChangeIsExpireAfter()
    {
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 1000);

        Assert.Equal(GetExStatus.Done, Store.GetAndUpdateExpiry("k"u8, GetExpiryChange.None, -5, out _));
        Assert.Equal(1000, Store.TimeToLiveMs("k"u8));
        Assert.Equal(GetExStatus.Done, Store.GetAndUpdateExpiry("k"u8, GetExpiryChange.Persist, -5, out _));
        Assert.Equal(-1, Store.TimeToLiveMs("k"u8));
    }

    [Theory]
    [InlineData(GetExpiryChange.None)]
    [InlineData(GetExpiryChange.ExpireAfter)]
    [InlineData(GetExpiryChange.Persist)]
    public void KeyPastItsDeadline_ReadsAsAbsent_AndIsNotRevived(GetExpiryChange change)
    {
        var time = new InertTimeProvider();
        using var store = new KeyStore(time: time);
        store.Set("k"u8, "v"u8, Options.Px(100));
        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal(GetExStatus.Done, store.GetAndUpdateExpiry("k"u8, change, 1000, out var value));

        Assert.Null(value);
        Assert.False(store.Exists("k"u8));
        Assert.Equal(1, store.GetStats().ExpiredKeys);
    }
}
