using Microsoft.Extensions.Time.Testing;

namespace MiniStore.Core.Tests;

/// <summary>What persistence needs from the store: the snapshot walk, loading a key, and the change count.</summary>
public sealed class PersistenceSupportTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddYears(55));

    [Fact]
    public void Snapshot_GivesEveryLiveKey_WithItsDeadline_AndCopiesOfCollections()
    {
        using var store = new KeyStore(new StoreOptions { ShardCount = 4 }, _time);
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(store.TryLoad(System.Text.Encoding.ASCII.GetBytes($"k{i}"), System.Text.Encoding.ASCII.GetBytes($"v{i}"), i % 2 == 0 ? store.NowMs + 10_000 + i : KeyStore.NoDeadline));
        }

        var list = new ListValue();
        list.PushBack("a"u8.ToArray());
        Assert.True(store.TryLoad("list"u8.ToArray(), list, KeyStore.NoDeadline));
        Assert.True(store.TryLoad("expired"u8.ToArray(), "x"u8.ToArray(), store.NowMs + 5));
        _time.Advance(TimeSpan.FromMilliseconds(10));

        var seen = store.Snapshot().ToDictionary(k => System.Text.Encoding.ASCII.GetString(k.Key));
        Assert.Equal(1001, seen.Count);
        Assert.False(seen.ContainsKey("expired"));
        Assert.Equal(store.NowMs - 10 + 10_000 + 4, seen["k4"].DeadlineMs);
        Assert.False(seen["k5"].HasDeadline);

        // The snapshot's list is a copy: later writes do not reach it.
        var items = Assert.IsType<byte[][]>(seen["list"].Value);
        using (var slot = store.Open("list"u8))
        {
            slot.Collection<ListValue>()!.PushBack("b"u8.ToArray());
            slot.MarkModified();
        }

        Assert.Single(items);
    }

    [Fact]
    public void TryLoad_ReplacesAnExistingKey_AndRespectsTheCapWithNoEviction()
    {
        using var store = new KeyStore(new StoreOptions { MaxMemoryBytes = 2000, EvictionPolicy = EvictionPolicy.NoEviction }, _time);
        Assert.True(store.TryLoad("a"u8.ToArray(), "1"u8.ToArray(), KeyStore.NoDeadline));
        Assert.True(store.TryLoad("a"u8.ToArray(), "22"u8.ToArray(), store.NowMs + 1000));
        Assert.Equal(1, store.Count());
        Assert.Equal(1000, store.TimeToLiveMs("a"u8));
        Assert.False(store.TryLoad("big"u8.ToArray(), new byte[5000], KeyStore.NoDeadline));
        Assert.False(store.Exists("big"u8));
    }

    [Fact]
    public void ChangeCount_CountsEachSettledChange_AndFlushedKeys()
    {
        using var store = new KeyStore(time: _time);
        var before = store.ChangeCount;
        store.TryLoad("a"u8.ToArray(), "1"u8.ToArray(), KeyStore.NoDeadline);
        store.TryLoad("b"u8.ToArray(), "1"u8.ToArray(), KeyStore.NoDeadline);
        Assert.Equal(before + 2, store.ChangeCount);
        store.Delete("a"u8);
        Assert.Equal(before + 3, store.ChangeCount);
        using (var slot = store.Open("nothing"u8))
        {
            // A read changes nothing.
        }

        Assert.Equal(before + 3, store.ChangeCount);
        store.FlushAll();
        Assert.Equal(before + 4, store.ChangeCount);
    }
}
