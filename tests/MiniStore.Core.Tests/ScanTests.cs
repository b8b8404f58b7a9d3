using System.Text;

namespace MiniStore.Core.Tests;

/// <summary>SCAN cursors: a whole pass returns every key, in steps of about COUNT, whatever is written meanwhile.</summary>
public sealed class ScanTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 10)]
    [InlineData(256, 10)]
    [InlineData(256, 1000)]
    public void A_full_scan_returns_every_key_exactly_once_when_nothing_changes(int shards, int count)
    {
        using var store = new KeyStore(new StoreOptions { ShardCount = shards }, new InertTimeProvider());
        var keys = Enumerable.Range(0, 5000).Select(i => Encoding.ASCII.GetBytes($"key:{i}")).ToArray();
        foreach (var key in keys)
        {
            store.Set(key, "v"u8, SetOptions.Plain);
        }

        var seen = ScanAll(store, count, out var steps);

        Assert.Equal(keys.Select(Encoding.ASCII.GetString).Order(), seen.Order());
        Assert.InRange(steps, 5000 / Math.Max(count, 1) / 2, (5000 / count) + shards + 2);
    }

    [Fact]
    public void A_step_returns_about_COUNT_keys()
    {
        using var store = new KeyStore(new StoreOptions { ShardCount = 16 }, new InertTimeProvider());
        for (var i = 0; i < 10_000; i++)
        {
            store.Set(Encoding.ASCII.GetBytes($"k{i}"), "v"u8, SetOptions.Plain);
        }

        var page = new List<byte[]>();
        var cursor = store.Scan(0, 10, page);
        Assert.NotEqual(0UL, cursor);
        Assert.InRange(page.Count, 10, 12);
    }

    [Fact]
    public void An_empty_store_scans_in_one_step()
    {
        using var store = new KeyStore(time: new InertTimeProvider());
        var page = new List<byte[]>();
        Assert.Equal(0UL, store.Scan(0, 10, page));
        Assert.Empty(page);
    }

    [Fact]
    public void A_cursor_past_the_end_finishes_the_scan()
    {
        using var store = new KeyStore(time: new InertTimeProvider());
        store.Set("k"u8, "v"u8, SetOptions.Plain);
        var page = new List<byte[]>();
        Assert.Equal(0UL, store.Scan(ulong.MaxValue, 10, page));
        Assert.Empty(page);
    }

    /// <summary>Keys present for the whole scan are all returned while other keys come and go and shards grow.</summary>
    [Fact]
    public async Task Keys_present_throughout_are_returned_while_writers_add_and_delete_others()
    {
        using var store = new KeyStore(new StoreOptions { ShardCount = 8 }, new InertTimeProvider());
        var stable = Enumerable.Range(0, 2000).Select(i => $"stable:{i}").ToArray();
        foreach (var key in stable)
        {
            store.Set(Encoding.ASCII.GetBytes(key), "v"u8, SetOptions.Plain);
        }

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            // Grows every shard's table many times over while the scan runs, and deletes behind itself. Bounded: an
            // unbounded writer outruns a scan that reads five keys a step, and the scan would never reach its end.
            for (var i = 0; i < 50_000 && !stop.IsCancellationRequested; i++)
            {
                store.Set(Encoding.ASCII.GetBytes($"churn:{i}"), "v"u8, SetOptions.Plain);
                if (i % 3 == 0)
                {
                    store.Delete(Encoding.ASCII.GetBytes($"churn:{i / 2}"));
                }
            }
        });

        var seen = new HashSet<string>();
        ulong cursor = 0;
        do
        {
            var page = new List<byte[]>();
            cursor = store.Scan(cursor, 5, page);
            seen.UnionWith(page.Select(Encoding.ASCII.GetString));
            Thread.Yield();
        }
        while (cursor != 0);

        await stop.CancelAsync();
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
        var missed = stable.Where(k => !seen.Contains(k)).ToList();
        Assert.True(missed.Count == 0, $"missed {missed.Count} keys, e.g. {string.Join(", ", missed.Take(5))}");
    }

    [Fact]
    public void Expired_keys_are_not_returned()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var store = new KeyStore(new StoreOptions { ShardCount = 4 }, time);
        store.Set("live"u8, "v"u8, SetOptions.Plain);
        store.Set("gone"u8, "v"u8, new SetOptions(Expiry: ExpiryMode.After, TtlMs: 10));
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(["live"], ScanAll(store, 10, out _));
        Assert.Equal(["live"], store.LiveKeys().Select(Encoding.ASCII.GetString));
    }

    [Fact]
    public void RandomKey_returns_a_present_key_or_null_when_empty()
    {
        using var store = new KeyStore(time: new InertTimeProvider());
        Assert.Null(store.RandomKey());
        store.Set("a"u8, "v"u8, SetOptions.Plain);
        store.Set("b"u8, "v"u8, SetOptions.Plain);
        var picked = Enumerable.Range(0, 200).Select(_ => Encoding.ASCII.GetString(store.RandomKey()!)).ToHashSet();
        Assert.Equal(["a", "b"], picked.Order());
    }

    private static List<string> ScanAll(KeyStore store, int count, out int steps)
    {
        var seen = new List<string>();
        ulong cursor = 0;
        steps = 0;
        do
        {
            var page = new List<byte[]>();
            cursor = store.Scan(cursor, count, page);
            seen.AddRange(page.Select(Encoding.ASCII.GetString));
            steps++;
        }
        while (cursor != 0);

        return seen;
    }
}
