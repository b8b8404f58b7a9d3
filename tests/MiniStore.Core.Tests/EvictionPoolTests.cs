namespace MiniStore.Core.Tests;

/// <summary>The eviction pool keeps the most evictable candidates seen, in order, across samples.</summary>
public sealed class EvictionPoolTests
{
    private readonly Shard _shard = new();

    [Fact]
    public void Lru_candidates_come_out_oldest_first_and_only_the_best_sixteen_are_kept()
    {
        var pool = new EvictionPool();
        for (var stamp = 40; stamp > 0; stamp--)
        {
            Offer(pool, EvictionPolicy.AllKeysLru, $"k{stamp}", Entry.NewString([], Entry.NoDeadline, stamp));
        }

        var taken = new List<int>();
        while (pool.TryTake(out var candidate))
        {
            taken.Add(Entry.LastAccessOf(candidate.Entry));
        }

        Assert.Equal(Enumerable.Range(1, EvictionPool.Size), taken);
    }

    [Fact]
    public void Lru_order_survives_the_clock_wrapping()
    {
        var pool = new EvictionPool();
        Offer(pool, EvictionPolicy.AllKeysLru, "new", Entry.NewString([], Entry.NoDeadline, int.MinValue + 5));
        Offer(pool, EvictionPolicy.AllKeysLru, "old", Entry.NewString([], Entry.NoDeadline, int.MaxValue - 5));

        Assert.True(pool.TryTake(out var first));
        Assert.Equal("old", System.Text.Encoding.ASCII.GetString(first.Key));
    }

    [Fact]
    public void Volatile_ttl_candidates_come_out_soonest_deadline_first_and_an_entry_is_pooled_once()
    {
        var pool = new EvictionPool();
        var soon = Entry.NewString([], 100, 0);
        Offer(pool, EvictionPolicy.VolatileTtl, "late", Entry.NewString([], 900, 0));
        Offer(pool, EvictionPolicy.VolatileTtl, "soon", soon);
        Offer(pool, EvictionPolicy.VolatileTtl, "soon", soon);

        Assert.True(pool.TryTake(out var first));
        Assert.Same(soon, first.Entry);
        Assert.True(pool.TryTake(out _));
        Assert.False(pool.TryTake(out _));
    }

    [Fact]
    public void A_candidate_read_rewritten_or_removed_since_it_was_pooled_is_not_current()
    {
        var key = "k"u8.ToArray();
        var entry = Entry.NewString([], Entry.NoDeadline, 7);
        _shard.Map[key] = entry;
        var pool = new EvictionPool();
        pool.Offer(EvictionPolicy.AllKeysLru, _shard, key, entry);
        Assert.True(pool.TryTake(out var candidate));
        Assert.True(EvictionPool.IsCurrent(EvictionPolicy.AllKeysLru, candidate));

        Entry.SetLastAccess(entry, 8);
        Assert.False(EvictionPool.IsCurrent(EvictionPolicy.AllKeysLru, candidate));

        Entry.SetLastAccess(entry, 7);
        _shard.Map[key] = Entry.NewString([], Entry.NoDeadline, 7);
        Assert.False(EvictionPool.IsCurrent(EvictionPolicy.AllKeysLru, candidate));

        _shard.Map.TryRemove(key, out _);
        Assert.False(EvictionPool.IsCurrent(EvictionPolicy.AllKeysLru, candidate));
    }

    private void Offer(EvictionPool pool, EvictionPolicy policy, string key, object entry) =>
        pool.Offer(policy, _shard, System.Text.Encoding.ASCII.GetBytes(key), entry);
}
