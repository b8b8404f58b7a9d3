namespace MiniStore.Core.Tests;

/// <summary>
/// A heap item whose key has since been re-set, persisted or deleted is stale: it must never remove the newer
/// value, and stale items must not pile up.
/// </summary>
public sealed class StaleHeapTests : StoreTestBase
{
    [Fact]
    public void ResetWithALongerTtl_OutlivesTheOldDeadline()
    {
        SetPx("k"u8.ToArray(), "old"u8.ToArray(), 100);
        Advance(50);
        SetPx("k"u8.ToArray(), "new"u8.ToArray(), 1000);

        Advance(50);
        Assert.Equal("new"u8.ToArray(), Store.GetBytes("k"u8));
        Advance(949);
        Assert.Equal("new"u8.ToArray(), Store.GetBytes("k"u8));
        Assert.Equal(0, Store.GetStats().ExpiredKeys);
        Advance(1);
        Assert.Null(Store.GetBytes("k"u8));
        Assert.Equal(1, Store.GetStats().ExpiredKeys);
    }

    [Fact]
    public void ResetWithoutTtl_IsNeverRemoved()
    {
        SetPx("k"u8.ToArray(), "old"u8.ToArray(), 100);
        Set("k"u8.ToArray(), "new"u8.ToArray());

        Advance(3_600_000);

        Assert.Equal("new"u8.ToArray(), Store.GetBytes("k"u8));
        Assert.Equal(-1, Store.TimeToLiveMs("k"u8));
        Assert.Equal(new StoreStats(1, 0, 0, Entry.SizeOf(1, 3)), Store.GetStats());
        Assert.Equal(0, Store.ExpiryHeapCount);
    }

    [Fact]
    public void Persist_IsNeverRemoved()
    {
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 100);
        Store.GetAndUpdateExpiry("k"u8, GetExpiryChange.Persist, 0, out _);

        Advance(3_600_000);

        Assert.Equal("v"u8.ToArray(), Store.GetBytes("k"u8));
        Assert.Equal(0, Store.GetStats().ExpiredKeys);
    }

    [Fact]
    public void DeleteThenReAddWithoutTtl_IsNeverRemoved()
    {
        SetPx("k"u8.ToArray(), "old"u8.ToArray(), 100);
        Store.Delete("k"u8);
        Set("k"u8.ToArray(), "new"u8.ToArray());

        Advance(1000);

        Assert.Equal("new"u8.ToArray(), Store.GetBytes("k"u8));
        Assert.Equal(0, Store.GetStats().ExpiredKeys);
    }

    [Fact]
    public void DeleteThenReAddWithALongerTtl_ExpiresAtTheNewDeadline()
    {
        SetPx("k"u8.ToArray(), "old"u8.ToArray(), 100);
        Store.Delete("k"u8);
        SetPx("k"u8.ToArray(), "new"u8.ToArray(), 500);

        Advance(499);
        Assert.Equal("new"u8.ToArray(), Store.GetBytes("k"u8));
        Advance(1);
        Assert.Null(Store.GetBytes("k"u8));
        Assert.Equal(1, Store.GetStats().ExpiredKeys);
    }

    [Fact]
    public void ExpireAfterLonger_ThenOldDeadlinePasses_KeyStays()
    {
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 100);
        Store.GetAndUpdateExpiry("k"u8, GetExpiryChange.ExpireAfter, 10_000, out _);

        Advance(5000);

        Assert.True(Store.Exists("k"u8));
        Assert.Equal(0, Store.GetStats().ExpiredKeys);
    }

    [Fact]
    public void FlushAllThenReAdd_IsNotRemovedByTheFlushedDeadline()
    {
        SetPx("k"u8.ToArray(), "old"u8.ToArray(), 100);
        Store.FlushAll();
        Set("k"u8.ToArray(), "new"u8.ToArray());

        Advance(1000);

        Assert.Equal("new"u8.ToArray(), Store.GetBytes("k"u8));
    }

    [Fact]
    public void FlushAll_CompactsTheHeap()
    {
        for (var i = 0; i < 5000; i++)
        {
            Store.Set(BitConverter.GetBytes(i), "v"u8, Options.Px(10_000 + i));
        }

        Assert.Equal(5000, Store.ExpiryHeapCount);

        Store.FlushAll();

        Assert.Equal(0, Store.ExpiryHeapCount);
    }

    [Fact]
    public void FlushAll_CompactionThresholdStartsOver()
    {
        for (var i = 0; i < 100_000; i++)
        {
            Store.Set(BitConverter.GetBytes(i), "v"u8, Options.Px(10_000));
        }

        Store.FlushAll();
        for (var round = 0; round < 100; round++)
        {
            for (var i = 0; i < 100; i++)
            {
                Store.Set(BitConverter.GetBytes(i), "v"u8, Options.Px(10_000));
            }

            Assert.InRange(Store.ExpiryHeapCount, 0, (4 * 100) + 1024);
        }
    }

    /// <summary>10 million re-sets of 1,000 keys, each with a TTL: the heap stays O(keys with a TTL).</summary>
    [Fact]
    public void TenMillionResetsOfAThousandKeys_HeapStaysBounded()
    {
        const int keyCount = 1000;
        const int writes = 10_000_000;
        const int bound = (4 * keyCount) + 1024;
        var keys = Enumerable.Range(0, keyCount).Select(i => BitConverter.GetBytes(i)).ToArray();
        var value = "v"u8.ToArray();
        var maxSeen = 0;

        for (var n = 0; n < writes; n++)
        {
            // TTLs vary so deadlines interleave; the clock stands still, so nothing is ever popped: only
            // compaction keeps the heap small.
            Store.Set(keys[n % keyCount], value, Options.Px(60_000 + (n % 4099)));
            if (n % 1000 == 0)
            {
                var heap = Store.ExpiryHeapCount;
                maxSeen = Math.Max(maxSeen, heap);
                Assert.True(heap <= bound, $"heap held {heap} items after {n} writes (bound {bound})");
            }
        }

        Assert.InRange(maxSeen, keyCount, bound);
        Assert.Equal(keyCount, Store.GetStats().KeysWithExpiry);

        Advance(60_000 + 4099);

        Assert.Equal(0, Store.ExpiryHeapCount);
        Assert.Equal(new StoreStats(0, 0, keyCount, 0), Store.GetStats());
    }

    [Fact]
    public void DeleteAndReAddChurn_HeapStaysBounded()
    {
        const int bound = (4 * 100) + 1024;
        for (var n = 0; n < 500_000; n++)
        {
            var key = BitConverter.GetBytes(n % 100);
            Store.Set(key, "v"u8, Options.Px(60_000));
            Store.Delete(key);
            if (n % 1000 == 0)
            {
                Assert.InRange(Store.ExpiryHeapCount, 0, bound);
            }
        }
    }

    [Fact]
    public void GetExChurn_HeapStaysBounded()
    {
        const int bound = (4 * 100) + 1024;
        for (var i = 0; i < 100; i++)
        {
            Store.Set(BitConverter.GetBytes(i), "v"u8, SetOptions.Plain);
        }

        for (var n = 0; n < 500_000; n++)
        {
            var key = BitConverter.GetBytes(n % 100);
            Store.GetAndUpdateExpiry(key, GetExpiryChange.ExpireAfter, 60_000 + (n % 1000), out _);
            if (n % 3 == 0)
            {
                Store.GetAndUpdateExpiry(key, GetExpiryChange.Persist, 0, out _);
            }

            if (n % 1000 == 0)
            {
                Assert.InRange(Store.ExpiryHeapCount, 0, bound);
            }
        }
    }

    [Fact]
    public void StaleItems_WhoseDeadlinePassed_AreDroppedWithoutCountingAnExpiry()
    {
        for (var i = 0; i < 100; i++)
        {
            Store.Set(BitConverter.GetBytes(i), "v"u8, Options.Px(10));
            Store.Set(BitConverter.GetBytes(i), "v"u8, SetOptions.Plain);
        }

        Assert.Equal(100, Store.ExpiryHeapCount);
        Advance(10);

        Assert.Equal(0, Store.ExpiryHeapCount);
        Assert.Equal(new StoreStats(100, 0, 0, 100 * Entry.SizeOf(4, 1)), Store.GetStats());
    }
}
