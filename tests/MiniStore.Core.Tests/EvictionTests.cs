using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace MiniStore.Core.Tests;

/// <summary>The memory cap: accounting stays under it, and each policy evicts what it should.</summary>
public sealed class EvictionTests
{
    private const int ValueSize = 100;

    // Room for exactly ten entries of a 6-byte key and a 100-byte value.
    private static readonly long TenEntries = 10 * Entry.SizeOf(6, ValueSize);

    private static KeyStore NewStore(EvictionPolicy policy, long cap, FakeTimeProvider? time = null) =>
        new(new StoreOptions { ShardCount = 4, MaxMemoryBytes = cap, EvictionPolicy = policy }, time ?? new FakeTimeProvider());

    private static byte[] Key(int i) => Encoding.ASCII.GetBytes($"k{i:D5}");

    private static readonly byte[] Value = new byte[ValueSize];

    [Theory]
    [InlineData(EvictionPolicy.AllKeysLru)]
    [InlineData(EvictionPolicy.AllKeysRandom)]
    public void Writes_far_past_the_cap_keep_used_memory_under_it(EvictionPolicy policy)
    {
        using var store = NewStore(policy, TenEntries);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal(SetStatus.Written, store.Set(Key(i), Value, SetOptions.Plain).Status);
            Assert.True(store.GetStats().UsedBytes <= TenEntries);
        }

        var stats = store.GetStats();
        Assert.Equal(10, stats.Keys);
        Assert.Equal(990, stats.EvictedKeys);
        Assert.Equal(TenEntries, stats.MaxBytes);
        Assert.Equal(policy, stats.Policy);
        Assert.NotNull(store.GetBytes(Key(999)));
    }

    [Fact]
    public void Noeviction_refuses_writes_that_do_not_fit_and_keeps_serving_reads_deletes_and_expiry()
    {
        var time = new FakeTimeProvider();
        using var store = NewStore(EvictionPolicy.NoEviction, TenEntries, time);
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(SetStatus.Written, store.Set(Key(i), Value, SetOptions.Plain).Status);
        }

        Assert.Equal(SetStatus.Written, store.Set(Key(9), Value, new SetOptions(Expiry: ExpiryMode.After, TtlMs: 100)).Status);
        Assert.Equal(SetStatus.OutOfMemory, store.Set(Key(10), Value, SetOptions.Plain).Status);
        Assert.Equal(SetStatus.OutOfMemory, store.Set(Key(0), new byte[ValueSize + 1], SetOptions.Plain).Status);

        // An overwrite that does not grow fits; reads, deletes and expiry keep working.
        Assert.Equal(SetStatus.Written, store.Set(Key(0), new byte[ValueSize], SetOptions.Plain).Status);
        Assert.NotNull(store.GetBytes(Key(1)));
        Assert.True(store.Delete(Key(1)));
        Assert.Equal(SetStatus.Written, store.Set(Key(10), Value, SetOptions.Plain).Status);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, store.GetStats().ExpiredKeys);
        Assert.Equal(SetStatus.Written, store.Set(Key(11), Value, SetOptions.Plain).Status);
        Assert.Equal(0, store.GetStats().EvictedKeys);
    }

    [Fact]
    public void A_value_larger_than_the_cap_is_refused_whatever_the_policy()
    {
        using var store = NewStore(EvictionPolicy.AllKeysLru, TenEntries);
        store.Set(Key(0), Value, SetOptions.Plain);
        Assert.Equal(SetStatus.OutOfMemory, store.Set(Key(1), new byte[(int)TenEntries], SetOptions.Plain).Status);
    }

    [Fact]
    public void Lru_keeps_recently_read_keys_better_than_untouched_ones()
    {
        const int capacity = 200;
        using var store = NewStore(EvictionPolicy.AllKeysLru, capacity * Entry.SizeOf(6, ValueSize));
        for (var i = 0; i < capacity; i++)
        {
            store.Set(Key(i), Value, SetOptions.Plain);
        }

        // Half the keys are hot: read between every new write, so their stamps stay fresh.
        var survivorsHot = 0;
        var survivorsCold = 0;
        for (var i = capacity; i < capacity * 2; i++)
        {
            for (var hot = 0; hot < capacity; hot += 2)
            {
                store.GetBytes(Key(hot));
            }

            store.Set(Key(i), Value, SetOptions.Plain);
        }

        for (var i = 0; i < capacity; i++)
        {
            if (store.Exists(Key(i)))
            {
                if (i % 2 == 0)
                {
                    survivorsHot++;
                }
                else
                {
                    survivorsCold++;
                }
            }
        }

        Assert.True(survivorsHot > survivorsCold * 2, $"hot survivors {survivorsHot}, cold survivors {survivorsCold}");
    }

    [Fact]
    public void Volatile_ttl_evicts_the_soonest_deadline_and_never_keys_without_one()
    {
        using var store = NewStore(EvictionPolicy.VolatileTtl, TenEntries);
        for (var i = 0; i < 5; i++)
        {
            store.Set(Key(i), Value, SetOptions.Plain);
        }

        for (var i = 5; i < 10; i++)
        {
            store.Set(Key(i), Value, new SetOptions(Expiry: ExpiryMode.After, TtlMs: 1_000 * i));
        }

        Assert.Equal(SetStatus.Written, store.Set(Key(10), Value, SetOptions.Plain).Status);
        Assert.False(store.Exists(Key(5)));
        for (var i = 0; i < 5; i++)
        {
            Assert.True(store.Exists(Key(i)));
        }

        // Once only keys without a deadline remain, nothing may be evicted: the write is refused.
        for (var i = 11; i < 15; i++)
        {
            Assert.Equal(SetStatus.Written, store.Set(Key(i), Value, SetOptions.Plain).Status);
        }

        Assert.Equal(SetStatus.OutOfMemory, store.Set(Key(99), Value, SetOptions.Plain).Status);
        Assert.Equal(5, store.GetStats().EvictedKeys);
    }

    [Fact]
    public void Eviction_under_concurrent_writers_keeps_accounting_exact()
    {
        using var store = NewStore(EvictionPolicy.AllKeysLru, 100 * Entry.SizeOf(6, ValueSize));
        Parallel.For(0, 4, worker =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                store.Set(Key(worker * 10_000 + i % 9_000), Value, SetOptions.Plain);
                store.GetBytes(Key(worker * 10_000 + (i * 7) % 9_000));
            }
        });

        var stats = store.GetStats();
        Assert.Equal(stats.Keys * Entry.SizeOf(6, ValueSize), stats.UsedBytes);
        Assert.True(stats.Keys is > 0 and <= 100 + 4, $"{stats.Keys} keys");
        Assert.True(stats.EvictedKeys > 0);
    }
}
