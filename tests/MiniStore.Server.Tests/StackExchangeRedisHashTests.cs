using StackExchange.Redis;

namespace MiniStore.Server.Tests;

/// <summary>StackExchange.Redis, hash commands.</summary>
public sealed class StackExchangeRedisHashTests : StackExchangeRedisTestBase
{
    [Fact]
    public async Task Hash_set_get_all_delete_and_length()
    {
        var db = Redis.GetDatabase();
        Assert.True(await db.HashSetAsync("se:h", "a", "1"));
        Assert.False(await db.HashSetAsync("se:h", "a", "one"));
        await db.HashSetAsync("se:h", [new HashEntry("b", "2"), new HashEntry("c", "3")]);
        Assert.Equal("one", (string?)await db.HashGetAsync("se:h", "a"));
        Assert.True((await db.HashGetAsync("se:h", "z")).IsNull);
        var values = await db.HashGetAsync("se:h", ["a", "z", "c"]);
        Assert.Equal(["one", null, "3"], values.Select(v => (string?)v));
        var all = (await db.HashGetAllAsync("se:h")).Select(e => $"{e.Name}={e.Value}").Order(StringComparer.Ordinal);
        Assert.Equal(["a=one", "b=2", "c=3"], all);
        Assert.Equal(3, await db.HashLengthAsync("se:h"));
        Assert.True(await db.HashExistsAsync("se:h", "b"));
        Assert.Equal(["a", "b", "c"], (await db.HashKeysAsync("se:h")).Select(k => (string)k!).Order(StringComparer.Ordinal));
        Assert.Equal(2, await db.HashDeleteAsync("se:h", ["a", "b", "z"]));
        Assert.Equal(12, await db.HashIncrementAsync("se:h", "n", 12));
        Assert.Equal(12.5, await db.HashIncrementAsync("se:h", "n", 0.5));
        Assert.False(await db.HashSetAsync("se:h", "c", "x", When.NotExists));
        Assert.Equal(["c=3", "n=12.5"], db.HashScan("se:h", "*").Select(e => $"{e.Name}={e.Value}").Order(StringComparer.Ordinal));
        Assert.Contains((string?)await db.HashRandomFieldAsync("se:h"), new[] { "c", "n" });
        await db.StringSetAsync("se:s", "v");
        await Assert.ThrowsAsync<RedisServerException>(() => db.HashGetAsync("se:s", "a"));
        Assert.Equal(2, await db.HashDeleteAsync("se:h", ["c", "n"]));
        Assert.False(await db.KeyExistsAsync("se:h"));
    }
}
