using StackExchange.Redis;

namespace MiniStore.Server.Tests;

/// <summary>StackExchange.Redis, the string commands beyond GET/SET: counters, MGET/MSET, APPEND, ranges.</summary>
public sealed class StackExchangeRedisStringTests : StackExchangeRedisTestBase
{
    [Fact]
    public async Task Counters_increment_and_decrement()
    {
        var db = Redis.GetDatabase();
        Assert.Equal(1, await db.StringIncrementAsync("se:n"));
        Assert.Equal(11, await db.StringIncrementAsync("se:n", 10));
        Assert.Equal(10, await db.StringDecrementAsync("se:n"));
        Assert.Equal(-5, await db.StringDecrementAsync("se:n", 15));
        Assert.Equal(2.5, await db.StringIncrementAsync("se:f", 2.5));
        Assert.Equal(2.75, await db.StringIncrementAsync("se:f", 0.25));
        Assert.Equal("2.75", (string?)await db.StringGetAsync("se:f"));

        // The client sends 0.1 as 0.10000000000000001; redis-server's long double sum then shows the extra digit too.
        Assert.Equal(2.85, await db.StringIncrementAsync("se:f", 0.1), 10);
        await db.StringSetAsync("se:text", "abc");
        var error = await Assert.ThrowsAsync<RedisServerException>(() => db.StringIncrementAsync("se:text"));
        Assert.Equal("ERR value is not an integer or out of range", error.Message);
        await db.SetAddAsync("se:set", "m");
        error = await Assert.ThrowsAsync<RedisServerException>(() => db.StringIncrementAsync("se:set"));
        Assert.StartsWith("WRONGTYPE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Multi_get_and_multi_set()
    {
        var db = Redis.GetDatabase();
        Assert.True(await db.StringSetAsync([new("se:a", "1"), new("se:b", "2")]));
        var values = await db.StringGetAsync(["se:a", "se:b", "se:missing"]);
        Assert.Equal(["1", "2", null], values.Select(v => (string?)v));
        Assert.False(await db.StringSetAsync([new("se:c", "3"), new("se:a", "9")], When.NotExists));
        Assert.False(await db.KeyExistsAsync("se:c"));
        Assert.True(await db.StringSetAsync([new("se:c", "3"), new("se:d", "4")], When.NotExists));
        Assert.Equal("1", (string?)await db.StringGetAsync("se:a"));
        Assert.Equal("4", (string?)await db.StringGetAsync("se:d"));
    }

    [Fact]
    public async Task Append_length_ranges_getdel_and_getset()
    {
        var db = Redis.GetDatabase();
        Assert.Equal(5, await db.StringAppendAsync("se:s", "Hello"));
        Assert.Equal(11, await db.StringAppendAsync("se:s", " World"));
        Assert.Equal(11, await db.StringLengthAsync("se:s"));
        Assert.Equal(0, await db.StringLengthAsync("se:missing"));
        Assert.Equal("World", (string?)await db.StringGetRangeAsync("se:s", 6, -1));
        Assert.Equal("Hell", (string?)await db.StringGetRangeAsync("se:s", 0, 3));
        Assert.Equal(11, (long)await db.StringSetRangeAsync("se:s", 6, "Redis"));
        Assert.Equal("Hello Redis", (string?)await db.StringGetAsync("se:s"));
        Assert.Equal("Hello Redis", (string?)await db.StringGetSetAsync("se:s", "new"));
        Assert.Equal("new", (string?)await db.StringGetDeleteAsync("se:s"));
        Assert.False(await db.KeyExistsAsync("se:s"));
        Assert.True((await db.StringGetDeleteAsync("se:s")).IsNull);
    }
}
