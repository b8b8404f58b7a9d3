using System.Text;

namespace MiniStore.Core.Tests;

/// <summary>Several keys locked at once, in shard order: no deadlock, and re-entrant slots inside.</summary>
public sealed class ShardLockTests
{
    [Fact]
    public void Slots_open_inside_a_scope_on_its_keys()
    {
        using var store = new KeyStore(new StoreOptions { ShardCount = 4 }, new InertTimeProvider());
        store.Set("a"u8, "1"u8, SetOptions.Plain);
        using (store.LockKeys("a"u8, "b"u8))
        {
            Move(store, "a"u8, "b"u8);
        }

        Assert.Null(store.GetBytes("a"u8));
        Assert.Equal("1"u8.ToArray(), store.GetBytes("b"u8));
    }

    /// <summary>Pairs of keys moved back and forth in opposite directions by many threads: any lock taken out of order would deadlock.</summary>
    [Fact]
    public void Opposite_moves_on_many_threads_never_deadlock_and_lose_nothing()
    {
        using var store = new KeyStore(new StoreOptions { ShardCount = 16 }, new InertTimeProvider());
        var keys = Enumerable.Range(0, 8).Select(i => Encoding.ASCII.GetBytes($"k{i}")).ToArray();
        store.Set(keys[0], "token"u8, SetOptions.Plain);
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var random = new Random(t);
            for (var i = 0; i < 20_000; i++)
            {
                var from = keys[random.Next(keys.Length)];
                var to = keys[random.Next(keys.Length)];
                Span<int> shards = [store.ShardIndexOf(from), store.ShardIndexOf(to), store.ShardIndexOf(keys[i % keys.Length])];
                using (store.LockShards(shards))
                {
                    Move(store, from, to);
                }
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "a mover is stuck");
        }

        Assert.Single(keys, k => store.GetBytes(k) is not null);
        Assert.Equal(1, store.Count());
    }

    [Fact]
    public void LockAll_holds_every_shard_and_lets_slots_in()
    {
        using var store = new KeyStore(new StoreOptions { ShardCount = 8 }, new InertTimeProvider());
        using (store.LockAll())
        {
            for (var i = 0; i < 100; i++)
            {
                store.Set(Encoding.ASCII.GetBytes($"k{i}"), "v"u8, SetOptions.Plain);
            }
        }

        Assert.Equal(100, store.Count());
    }

    private static void Move(KeyStore store, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to)
    {
        ReadOnlyMemory<byte>? value;
        using (var source = store.Open(from))
        {
            value = source.StringValue;
            if (value is null || from.SequenceEqual(to))
            {
                return;
            }

            source.Delete();
        }

        using var target = store.Open(to);
        target.SetString(value.Value.Span, KeyStore.NoDeadline);
    }
}
