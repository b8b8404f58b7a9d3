namespace MiniStore.Core.Tests;

/// <summary>TTL/PTTL: <see cref="KeyStore.TimeToLiveMs"/>.</summary>
public sealed class TtlTests : StoreTestBase
{
    [Fact]
    public void MissingKey_IsMinusTwo()
    {
        Assert.Equal(-2, Store.TimeToLiveMs("k"u8));
    }

    [Fact]
    public void KeyWithoutExpiry_IsMinusOne()
    {
        Set("k"u8.ToArray(), "v"u8.ToArray());

        Assert.Equal(-1, Store.TimeToLiveMs("k"u8));
    }

    [Fact]
    public void KeyWithExpiry_CountsDownInMilliseconds()
    {
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 1000);

        Assert.Equal(1000, Store.TimeToLiveMs("k"u8));
        Advance(1);
        Assert.Equal(999, Store.TimeToLiveMs("k"u8));
        Advance(749);
        Assert.Equal(250, Store.TimeToLiveMs("k"u8));
        Advance(249);
        Assert.Equal(1, Store.TimeToLiveMs("k"u8));
        Advance(1);
        Assert.Equal(-2, Store.TimeToLiveMs("k"u8));
    }

    [Fact]
    public void SubMillisecondClockSteps_DoNotShortenTheTtl()
    {
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 100);

        Time.Advance(TimeSpan.FromMicroseconds(999));

        Assert.Equal(100, Store.TimeToLiveMs("k"u8));
    }

    [Fact]
    public void DeletedKey_IsMinusTwo()
    {
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 1000);
        Store.Delete("k"u8);

        Assert.Equal(-2, Store.TimeToLiveMs("k"u8));
    }

    [Fact]
    public void KeyPastItsDeadline_IsMinusTwo_AndIsReclaimedOnce()
    {
        var time = new InertTimeProvider();
        using var store = new KeyStore(time: time);
        store.Set("k"u8, "v"u8, Options.Px(100));
        time.Advance(TimeSpan.FromMilliseconds(150));

        Assert.Equal(-2, store.TimeToLiveMs("k"u8));
        Assert.Equal(-2, store.TimeToLiveMs("k"u8));

        var stats = store.GetStats();
        Assert.Equal(1, stats.ExpiredKeys);
        Assert.Equal(0, stats.Keys);
    }
}
