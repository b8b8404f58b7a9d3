namespace MiniStore.Server.Tests;

/// <summary>The sorted set commands over a real socket, both dialects.</summary>
public sealed class SortedSetCommandTests : IAsyncLifetime
{
    private InProcessServer _server = null!;
    private LineClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync();
        _client = await _server.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    private Task<string> Do(string line) => _client.CommandAsync(line);

    [Fact]
    public async Task ZADD_ZSCORE_ZCARD_ZREM_ZINCRBY_in_the_line_dialect()
    {
        Assert.Equal("3", await Do("ZADD z 1 a 2.5 b 0.1 c"));
        Assert.Equal("0.10000000000000001", await Do("ZSCORE z c"));
        Assert.Equal("2.5", await Do("ZSCORE z b"));
        Assert.Equal("(nil)", await Do("ZSCORE z nope"));
        Assert.Equal("3", await Do("ZCARD z"));
        Assert.Equal("4", await Do("ZINCRBY z 3 a"));
        Assert.Equal("inf", await Do("ZINCRBY z inf a"));
        Assert.Equal("ERR: resulting score is not a number (NaN)", await Do("ZINCRBY z -inf a"));
        Assert.Equal("ERR: not a float", await Do("ZADD z abc a"));
        Assert.Equal("ERR: syntax error", await Do("ZADD z 1 a 2"));
        Assert.Equal("ERR: XX and NX options at the same time are not compatible", await Do("ZADD z NX XX 1 a"));
        Assert.Equal("ERR: GT, LT, and/or NX options at the same time are not compatible", await Do("ZADD z GT LT 1 a"));
        Assert.Equal("ERR: INCR option supports a single increment-element pair", await Do("ZADD z INCR 1 a 2 b"));
        Assert.Equal("2", await Do("ZADD z GT CH 10 b 1 c"));
        Assert.Equal("(nil)", await Do("ZADD z XX INCR 1 missing"));
        Assert.Equal("3", await Do("ZREM z a b c d"));
        Assert.Equal("0", await Do("EXISTS z"));
        Assert.Equal("OK", await Do("SET str v"));
        Assert.Equal("ERR: wrong type", await Do("ZADD str 1 a"));
        Assert.Equal("ERR: wrong type", await Do("ZSCORE str a"));
        Assert.Equal("ERR: wrong type", await Do("ZRANGE str 0 -1"));
        Assert.Equal("v", await Do("GET str"));
    }

    [Fact]
    public async Task Line_dialect_arrays_for_ranges_and_pops()
    {
        Assert.Equal("4", await Do("ZADD z 1 a 2 b 3 c 4 d"));
        Assert.Equal("*4\na\nb\nc\nd", await ReadArray("ZRANGE z 0 -1", 4));
        Assert.Equal("*4\nd\n4\nc\n3", await ReadArray("ZREVRANGE z 0 1 WITHSCORES", 4));
        Assert.Equal("*2\nb\nc", await ReadArray("ZRANGEBYSCORE z (1 3", 2));
        Assert.Equal("*2\na\n1", await ReadArray("ZPOPMIN z", 2));
        Assert.Equal("*0", await Do("ZRANGE nokey 0 -1"));
        Assert.Equal("ERR: min or max is not a float", await Do("ZCOUNT z x 1"));
        Assert.Equal("2", await Do("ZRANK z d"));
        Assert.Equal("(nil)", await Do("ZRANK z a"));
    }

    private async Task<string> ReadArray(string line, int elements)
    {
        var lines = new List<string> { await Do(line) };
        for (var i = 0; i < elements; i++)
        {
            lines.Add(await _client.ReadLineAsync());
        }

        return string.Join('\n', lines);
    }

    [Fact]
    public async Task Ranges_scan_and_store_over_RESP()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal(5L, await c.CommandAsync("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"));
        Assert.Equal(new object?[] { "b", "2", "c", "3" }, await c.CommandAsync("ZRANGE", "z", "(1", "5", "BYSCORE", "LIMIT", "0", "2", "WITHSCORES"));
        Assert.Equal(new object?[] { "e", "d" }, await c.CommandAsync("ZRANGE", "z", "+", "-", "BYLEX", "REV", "LIMIT", "0", "2"));
        Assert.Equal(3L, await c.CommandAsync("ZCOUNT", "z", "2", "4"));
        Assert.Equal(2L, await c.CommandAsync("ZREMRANGEBYSCORE", "z", "-inf", "(3"));
        Assert.Equal(1L, await c.CommandAsync("ZREMRANGEBYRANK", "z", "-1", "-1"));
        Assert.Equal(new object?[] { "0", new object?[] { "c", "3", "d", "4" } }, await c.CommandAsync("ZSCAN", "z", "0", "COUNT", "250"));
        Assert.Equal(new object?[] { "3", null }, await c.CommandAsync("ZMSCORE", "z", "c", "x"));
        Assert.Equal(2L, await c.CommandAsync("ZADD", "y", "10", "c", "20", "q"));
        Assert.Equal(3L, await c.CommandAsync("ZUNIONSTORE", "u", "2", "z", "y", "WEIGHTS", "1", "2"));
        Assert.Equal(new object?[] { "d", "4", "c", "23", "q", "40" }, await c.CommandAsync("ZRANGE", "u", "0", "-1", "WITHSCORES"));
        Assert.Equal(1L, await c.CommandAsync("ZINTERSTORE", "i", "2", "z", "y", "AGGREGATE", "MAX"));
        Assert.Equal("10", await c.CommandAsync("ZSCORE", "i", "c"));
        Assert.Equal(0L, await c.CommandAsync("ZINTERSTORE", "i", "2", "z", "missing"));
        Assert.Equal(0L, await c.CommandAsync("EXISTS", "i"));
        Assert.Equal("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX", Assert.IsType<RespError>(await c.CommandAsync("ZRANGE", "z", "0", "-1", "LIMIT", "0", "1")).Message);
    }

    /// <summary>ZRANDMEMBER's output is random, so it is checked for its shape, never compared with redis-server.</summary>
    [Fact]
    public async Task ZRANDMEMBER_returns_members_of_the_set()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal(3L, await c.CommandAsync("ZADD", "z", "1", "a", "2", "b", "3", "c"));
        Assert.Contains(Assert.IsType<string>(await c.CommandAsync("ZRANDMEMBER", "z")), new[] { "a", "b", "c" });
        var two = Assert.IsType<object?[]>(await c.CommandAsync("ZRANDMEMBER", "z", "2"));
        Assert.Equal(2, two.Distinct().Count());
        Assert.Equal(["a", "b", "c"], Assert.IsType<object?[]>(await c.CommandAsync("ZRANDMEMBER", "z", "10")).Cast<string>().Order(StringComparer.Ordinal));
        var repeats = Assert.IsType<object?[]>(await c.CommandAsync("ZRANDMEMBER", "z", "-7", "WITHSCORES"));
        Assert.Equal(14, repeats.Length);
        for (var i = 0; i < repeats.Length; i += 2)
        {
            Assert.Equal(await c.CommandAsync("ZSCORE", "z", repeats[i]!), repeats[i + 1]);
        }

        Assert.Null(await c.CommandAsync("ZRANDMEMBER", "missing"));
        Assert.Empty(Assert.IsType<object?[]>(await c.CommandAsync("ZRANDMEMBER", "z", "0")));
    }
}
