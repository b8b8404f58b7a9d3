using StackExchange.Redis;

namespace MiniStore.Server.Tests;

/// <summary>StackExchange.Redis, sorted set commands (what ASP.NET Core output caching and typical apps call).</summary>
public sealed class StackExchangeRedisSortedSetTests : StackExchangeRedisTestBase
{
    [Fact]
    public async Task Add_score_rank_range_and_remove()
    {
        var db = Redis.GetDatabase();
        Assert.Equal(3, await db.SortedSetAddAsync("se:z", [new("a", 1), new("b", 2.5), new("c", 3)]));
        Assert.Equal(2.5, await db.SortedSetScoreAsync("se:z", "b"));
        Assert.Null(await db.SortedSetScoreAsync("se:z", "nope"));
        Assert.Equal(3, await db.SortedSetLengthAsync("se:z"));
        Assert.Equal(1, await db.SortedSetRankAsync("se:z", "b"));
        Assert.Equal(0, await db.SortedSetRankAsync("se:z", "c", Order.Descending));
        Assert.Equal(["a", "b"], (await db.SortedSetRangeByScoreAsync("se:z", 0, 2.5)).Select(v => v.ToString()));
        var withScores = await db.SortedSetRangeByRankWithScoresAsync("se:z", 0, -1, Order.Descending);
        Assert.Equal([("c", 3.0), ("b", 2.5), ("a", 1.0)], withScores.Select(e => (e.Element.ToString(), e.Score)));
        Assert.Equal(5.5, await db.SortedSetIncrementAsync("se:z", "b", 3));
        Assert.False(await db.SortedSetAddAsync("se:z", "a", 0.5, SortedSetWhen.GreaterThan));
        Assert.Equal(1.0, await db.SortedSetScoreAsync("se:z", "a"));
        Assert.True(await db.SortedSetRemoveAsync("se:z", "a"));
        Assert.Equal(1, await db.SortedSetRemoveRangeByScoreAsync("se:z", double.NegativeInfinity, 4));
        var popped = await db.SortedSetPopAsync("se:z");
        Assert.Equal("b", popped!.Value.Element.ToString());
        Assert.False(await db.KeyExistsAsync("se:z"));
    }

    [Fact]
    public async Task Scan_walks_a_large_set_while_members_are_removed()
    {
        var db = Redis.GetDatabase();
        var entries = Enumerable.Range(0, 1000).Select(i => new SortedSetEntry($"m{i}", i)).ToArray();
        Assert.Equal(1000, await db.SortedSetAddAsync("se:big", entries));
        var seen = new HashSet<string>();
        await foreach (var entry in db.SortedSetScanAsync("se:big", pageSize: 250))
        {
            seen.Add(entry.Element.ToString());
            if (entry.Score % 2 == 0)
            {
                await db.SortedSetRemoveAsync("se:big", entry.Element);
            }
        }

        Assert.Equal(1000, seen.Count);
        Assert.Equal(500, await db.SortedSetLengthAsync("se:big"));
    }
}
