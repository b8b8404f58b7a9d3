using StackExchange.Redis;

namespace MiniStore.Server.Tests;

/// <summary>StackExchange.Redis, set commands.</summary>
public sealed class StackExchangeRedisSetTests : StackExchangeRedisTestBase
{
    [Fact]
    public async Task Set_add_members_contains_remove_and_length()
    {
        var db = Redis.GetDatabase();
        Assert.Equal(3, await db.SetAddAsync("se:s", ["a", "b", "c"]));
        Assert.False(await db.SetAddAsync("se:s", "a"));
        Assert.True(await db.SetContainsAsync("se:s", "b"));
        Assert.False(await db.SetContainsAsync("se:s", "z"));
        Assert.Equal(3, await db.SetLengthAsync("se:s"));
        var members = (await db.SetMembersAsync("se:s")).Select(m => (string)m!).Order(StringComparer.Ordinal);
        Assert.Equal(["a", "b", "c"], members);
        Assert.True(await db.SetRemoveAsync("se:s", "a"));
        Assert.Equal(2, await db.SetLengthAsync("se:s"));
    }

    [Fact]
    public async Task Set_pop_random_member_and_multi_contains()
    {
        var db = Redis.GetDatabase();
        await db.SetAddAsync("se:p", ["a", "b", "c", "d"]);
        var popped = await db.SetPopAsync("se:p");
        Assert.False(popped.IsNull);
        Assert.False(await db.SetContainsAsync("se:p", popped));
        Assert.Equal(2, (await db.SetPopAsync("se:p", 2)).Length);
        Assert.Equal(1, await db.SetLengthAsync("se:p"));
        Assert.False((await db.SetRandomMemberAsync("se:p")).IsNull);
        Assert.Equal(5, (await db.SetRandomMembersAsync("se:p", -5)).Length);
        var left = (await db.SetMembersAsync("se:p"))[0];
        var contained = await db.SetContainsAsync("se:p", [left, "zzz"]);
        Assert.Equal(new[] { true, false }, contained);
        Assert.True((await db.SetPopAsync("se:none")).IsNull);
    }

    [Fact]
    public async Task Set_combine_store_move_intersection_length_and_scan()
    {
        var db = Redis.GetDatabase();
        await db.SetAddAsync("{se}x", ["a", "b", "c"]);
        await db.SetAddAsync("{se}y", ["b", "c", "d"]);
        static string[] Sorted(RedisValue[] values) => values.Select(v => (string)v!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["b", "c"], Sorted(await db.SetCombineAsync(SetOperation.Intersect, "{se}x", "{se}y")));
        Assert.Equal(["a", "b", "c", "d"], Sorted(await db.SetCombineAsync(SetOperation.Union, "{se}x", "{se}y")));
        Assert.Equal(["a"], Sorted(await db.SetCombineAsync(SetOperation.Difference, "{se}x", "{se}y")));
        Assert.Equal(4, await db.SetCombineAndStoreAsync(SetOperation.Union, "{se}d", "{se}x", "{se}y"));
        Assert.Equal(2, await db.SetIntersectionLengthAsync(["{se}x", "{se}y"]));
        Assert.Equal(1, await db.SetIntersectionLengthAsync(["{se}x", "{se}y"], limit: 1));
        Assert.True(await db.SetMoveAsync("{se}x", "{se}y", "a"));
        Assert.False(await db.SetMoveAsync("{se}x", "{se}y", "a"));
        Assert.Equal(["a", "b", "c", "d"], Sorted(await db.SetMembersAsync("{se}y")));
        var scanned = new List<string>();
        await foreach (var member in db.SetScanAsync("{se}d", "*c*"))
        {
            scanned.Add(member!);
        }

        Assert.Equal(["c"], scanned);
    }
}
