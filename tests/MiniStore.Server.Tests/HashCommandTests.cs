using MiniStore.Core;

namespace MiniStore.Server.Tests;

/// <summary>The hash commands over a real socket: the line dialect, RESP2 and RESP3.</summary>
public sealed class HashCommandTests : IAsyncLifetime
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

    /// <summary>A line-dialect array reply of plain values: the header, then its elements.</summary>
    private async Task<string[]> Array(string line)
    {
        var header = await Do(line);
        Assert.StartsWith("*", header, StringComparison.Ordinal);
        var items = new string[int.Parse(header[1..], System.Globalization.CultureInfo.InvariantCulture)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = await _client.ReadLineAsync();
        }

        return items;
    }

    private static string[] Pairs(string?[] flat) =>
        Enumerable.Range(0, flat.Length / 2).Select(i => $"{flat[2 * i]}={flat[(2 * i) + 1]}").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task HSET_HGET_HMGET_HDEL_HLEN_in_the_line_dialect()
    {
        Assert.Equal("2", await Do("HSET h a 1 b 2"));
        Assert.Equal("1", await Do("HSET h b 20 c 3"));
        Assert.Equal("OK", await Do("HMSET h d 4"));
        Assert.Equal("ERR: invalid arguments", await Do("HSET h a"));
        Assert.Equal("ERR: invalid arguments", await Do("HMSET h a 1 b"));
        Assert.Equal("20", await Do("HGET h b"));
        Assert.Equal("(nil)", await Do("HGET h z"));
        Assert.Equal("(nil)", await Do("HGET missing a"));
        Assert.Equal(["1", "(nil)", "4"], await Array("HMGET h a z d"));
        Assert.Equal(["(nil)", "(nil)"], await Array("HMGET missing a b"));
        Assert.Equal("4", await Do("HLEN h"));
        Assert.Equal("2", await Do("HSTRLEN h b"));
        Assert.Equal("0", await Do("HSTRLEN h z"));
        Assert.Equal("1", await Do("HEXISTS h a"));
        Assert.Equal("0", await Do("HEXISTS h z"));
        Assert.Equal("0", await Do("HSETNX h a 9"));
        Assert.Equal("1", await Do("HSETNX h e 5"));
        Assert.Equal(["a=1", "b=20", "c=3", "d=4", "e=5"], Pairs(await Array("HGETALL h")));
        Assert.Equal(["a", "b", "c", "d", "e"], (await Array("HKEYS h")).Order(StringComparer.Ordinal));
        Assert.Equal(["1", "20", "3", "4", "5"], (await Array("HVALS h")).Order(StringComparer.Ordinal));
        Assert.Empty(await Array("HGETALL missing"));
        Assert.Equal("3", await Do("HDEL h a b z c"));
        Assert.Equal("2", await Do("HDEL h d e"));
        Assert.Equal("0", await Do("EXISTS h"));
        Assert.Equal("0", await Do("HDEL h d"));
    }

    [Fact]
    public async Task Other_types_are_WRONGTYPE_and_unchanged()
    {
        Assert.Equal("OK", await Do("SET s v"));
        foreach (var command in new[] { "HSET s a 1", "HMSET s a 1", "HSETNX s a 1", "HGET s a", "HMGET s a", "HGETALL s", "HDEL s a", "HEXISTS s a", "HLEN s", "HKEYS s", "HVALS s", "HSTRLEN s a", "HINCRBY s a 1", "HINCRBYFLOAT s a 1", "HRANDFIELD s", "HRANDFIELD s 2", "HSCAN s 0" })
        {
            Assert.Equal("ERR: wrong type", await Do(command));
        }

        Assert.Equal("v", await Do("GET s"));
        Assert.Equal("1", await Do("HSET h f v"));
        Assert.Equal("ERR: wrong type", await Do("GET h"));
        Assert.Equal("OK", await Do("SET h x"));
        Assert.Equal("x", await Do("GET h"));
    }

    [Fact]
    public async Task HINCRBY_and_HINCRBYFLOAT_in_both_dialects()
    {
        Assert.Equal("5", await Do("HINCRBY h n 5"));
        Assert.Equal("-2", await Do("HINCRBY h n -7"));
        Assert.Equal("ERR: not an integer", await Do("HINCRBY h n 1.5"));
        Assert.Equal("3", await Do("HSET h text abc big 9223372036854775807 f 1.5"));
        Assert.Equal("ERR: hash value is not an integer", await Do("HINCRBY h text 1"));
        Assert.Equal("ERR: overflow", await Do("HINCRBY h big 1"));
        Assert.Equal("2.6", await Do("HINCRBYFLOAT h f 1.1"));
        Assert.Equal("0", await Do("HINCRBYFLOAT h f -2.6"));
        Assert.Equal("5000", await Do("HINCRBYFLOAT h g 5.0e3"));
        Assert.Equal("ERR: not a float", await Do("HINCRBYFLOAT h f abc"));
        Assert.Equal("ERR: hash value is not a float", await Do("HINCRBYFLOAT h text 1"));
        Assert.Equal("ERR: value is NaN or Infinity", await Do("HINCRBYFLOAT h f inf"));

        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal(new RespError("ERR hash value is not an integer"), await c.CommandAsync("HINCRBY", "h", "text", "1"));
        Assert.Equal(new RespError("ERR increment or decrement would overflow"), await c.CommandAsync("HINCRBY", "h", "big", "1"));
        Assert.Equal(new RespError("ERR value is not an integer or out of range"), await c.CommandAsync("HINCRBY", "h", "n", "x"));
        Assert.Equal(new RespError("ERR hash value is not a float"), await c.CommandAsync("HINCRBYFLOAT", "h", "text", "1"));
        Assert.Equal(new RespError("ERR value is not a valid float"), await c.CommandAsync("HINCRBYFLOAT", "h", "f", " 1"));
        Assert.Equal("0.1", await c.CommandAsync("HINCRBYFLOAT", "h", "p", "0.1"));
        Assert.Equal("0.3", await c.CommandAsync("HINCRBYFLOAT", "h", "p", "0.2"));
        Assert.Equal("1.23456789012345679", await c.CommandAsync("HINCRBYFLOAT", "h", "q", "1.23456789012345678901"));
        Assert.Equal("123456789012345678899921813504", await c.CommandAsync("HINCRBYFLOAT", "h", "r", "123456789012345678901234567890"));
        Assert.Equal("16", await c.CommandAsync("HINCRBYFLOAT", "h", "hex", "0x10"));
        Assert.Equal("OK", await c.CommandAsync("HMSET", "h", "infinite", "inf"));
        Assert.Equal(new RespError("ERR increment would produce NaN or Infinity"), await c.CommandAsync("HINCRBYFLOAT", "h", "infinite", "1"));
        Assert.Equal(new RespError("ERR wrong number of arguments for 'hset' command"), await c.CommandAsync("HSET", "h", "a", "1", "b"));
        Assert.Equal(new RespError("ERR wrong number of arguments for 'hmset' command"), await c.CommandAsync("HMSET", "h", "a"));
    }

    [Fact]
    public async Task HGETALL_is_a_flat_array_in_RESP2_and_a_map_in_RESP3()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal(2L, await c.CommandAsync("HSET", "h", "a", "1", "b", "2"));
        var flat = Assert.IsType<object?[]>(await c.CommandAsync("HGETALL", "h"));
        Assert.Equal(["a=1", "b=2"], Pairs(flat.Cast<string>().ToArray()));
        var pairs = Assert.IsType<object?[]>(await c.CommandAsync("HRANDFIELD", "h", "-3", "WITHVALUES"));
        Assert.Equal(6, pairs.Length);

        Assert.IsType<Dictionary<string, object?>>(await c.CommandAsync("HELLO", "3"));
        var map = Assert.IsType<Dictionary<string, object?>>(await c.CommandAsync("HGETALL", "h"));
        Assert.Equal("1", map["a"]);
        Assert.Equal("2", map["b"]);
        Assert.Empty(Assert.IsType<Dictionary<string, object?>>(await c.CommandAsync("HGETALL", "missing")));
        var nested = Assert.IsType<object?[]>(await c.CommandAsync("HRANDFIELD", "h", "5", "WITHVALUES"));
        Assert.Equal(["a=1", "b=2"], nested.Select(p => Assert.IsType<object?[]>(p)).Select(p => $"{p[0]}={p[1]}").Order(StringComparer.Ordinal));
        Assert.Equal(new object?[] { "1", null }, await c.CommandAsync("HMGET", "h", "a", "z"));
        Assert.Null(await c.CommandAsync("HGET", "h", "z"));
    }

    [Fact]
    public async Task HRANDFIELD_counts()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Null(await c.CommandAsync("HRANDFIELD", "missing"));
        Assert.Empty(Assert.IsType<object?[]>(await c.CommandAsync("HRANDFIELD", "missing", "3")));
        Assert.Equal(3L, await c.CommandAsync("HSET", "h", "a", "1", "b", "2", "c", "3"));
        Assert.Contains(await c.CommandAsync("HRANDFIELD", "h"), new object?[] { "a", "b", "c" });
        Assert.Empty(Assert.IsType<object?[]>(await c.CommandAsync("HRANDFIELD", "h", "0")));
        var two = Assert.IsType<object?[]>(await c.CommandAsync("HRANDFIELD", "h", "2"));
        Assert.Equal(2, two.Distinct().Count());
        Assert.All(two, f => Assert.Contains(f, new object?[] { "a", "b", "c" }));
        Assert.Equal(["a", "b", "c"], Assert.IsType<object?[]>(await c.CommandAsync("HRANDFIELD", "h", "10")).Cast<string>().Order(StringComparer.Ordinal));
        var repeats = Assert.IsType<object?[]>(await c.CommandAsync("HRANDFIELD", "h", "-20"));
        Assert.Equal(20, repeats.Length);
        Assert.All(repeats, f => Assert.Contains(f, new object?[] { "a", "b", "c" }));
        var withValues = Assert.IsType<object?[]>(await c.CommandAsync("HRANDFIELD", "h", "2", "withvalues"));
        Assert.Equal(4, withValues.Length);
        Assert.Equal(withValues[0] switch { "a" => "1", "b" => "2", _ => "3" }, withValues[1]);
        Assert.Equal(new RespError("ERR syntax error"), await c.CommandAsync("HRANDFIELD", "h", "2", "values"));
        Assert.Equal(new RespError("ERR syntax error"), await c.CommandAsync("HRANDFIELD", "h", "2", "withvalues", "x"));
        Assert.Equal(new RespError("ERR value is not an integer or out of range"), await c.CommandAsync("HRANDFIELD", "h", "x"));
        Assert.Equal(new RespError("ERR value is out of range"), await c.CommandAsync("HRANDFIELD", "h", "-9223372036854775807", "WITHVALUES"));
        Assert.Equal(
            new RespError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"),
            await c.CommandAsync("HRANDFIELD", "h", "-9223372036854775808"));
    }

    [Fact]
    public async Task HSCAN_returns_a_small_hash_whole_and_walks_a_large_one_with_a_cursor()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal(3L, await c.CommandAsync("HSET", "small", "a1", "1", "a2", "2", "b1", "3"));
        var reply = Assert.IsType<object?[]>(await c.CommandAsync("HSCAN", "small", "7", "MATCH", "a*", "COUNT", "1"));
        Assert.Equal("0", reply[0]);
        Assert.Equal(["a1=1", "a2=2"], Pairs(Assert.IsType<object?[]>(reply[1]).Cast<string>().ToArray()));
        Assert.Equal(new object?[] { "0", System.Array.Empty<object?>() }, await c.CommandAsync("HSCAN", "missing", "0"));
        Assert.Equal(new RespError("ERR invalid cursor"), await c.CommandAsync("HSCAN", "small", "x"));
        Assert.Equal(new RespError("ERR syntax error"), await c.CommandAsync("HSCAN", "small", "0", "COUNT", "0"));
        Assert.Equal(new RespError("ERR syntax error"), await c.CommandAsync("HSCAN", "small", "0", "TYPE", "string"));
        Assert.Equal(new RespError("ERR value is not an integer or out of range"), await c.CommandAsync("HSCAN", "small", "0", "COUNT", "x"));

        var fields = Enumerable.Range(0, 300).Select(i => $"f{i}").ToArray();
        foreach (var field in fields)
        {
            await c.CommandAsync("HSET", "big", field, "v");
        }

        // Fields removed while the scan goes on never hide one that stays.
        var seen = new HashSet<string>();
        var cursor = "0";
        var calls = 0;
        do
        {
            var page = Assert.IsType<object?[]>(await c.CommandAsync("HSCAN", "big", cursor, "COUNT", "25"));
            cursor = (string)page[0]!;
            var items = Assert.IsType<object?[]>(page[1]);
            Assert.True(items.Length <= 50);
            for (var i = 0; i < items.Length; i += 2)
            {
                seen.Add((string)items[i]!);
            }

            await c.CommandAsync("HDEL", "big", $"f{calls * 7}", $"f{299 - calls}");
            calls++;
        }
        while (cursor != "0");

        Assert.True(calls >= 10);
        var remaining = Assert.IsType<object?[]>(await c.CommandAsync("HKEYS", "big")).Cast<string>();
        Assert.Subset(seen, remaining.ToHashSet());
    }

    [Fact]
    public async Task HSCAN_in_the_line_dialect_is_a_nested_array()
    {
        Assert.Equal("1", await Do("HSET h f v"));
        Assert.Equal("*2", await Do("HSCAN h 0"));
        Assert.Equal("0", await _client.ReadLineAsync());
        Assert.Equal("*2", await _client.ReadLineAsync());
        Assert.Equal("f", await _client.ReadLineAsync());
        Assert.Equal("v", await _client.ReadLineAsync());
        Assert.Equal("ERR: invalid cursor", await Do("HSCAN h abc"));
    }

    [Fact]
    public async Task RedisCache_writes_with_HMSET_and_reads_with_HMGET()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await c.CommandAsync("HMSET", "cache:k", "absexp", "638000000000000000", "sldexp", "-1", "data", "\u0001\u0002payload"));
        Assert.Equal(new object?[] { "638000000000000000", "-1", "\u0001\u0002payload" }, await c.CommandAsync("HMGET", "cache:k", "absexp", "sldexp", "data"));
        Assert.Equal(new object?[] { "\u0001\u0002payload" }, await c.CommandAsync("HMGET", "cache:k", "data"));
        Assert.Equal(1L, await c.CommandAsync("DEL", "cache:k"));
        Assert.Equal(new object?[] { null, null, null }, await c.CommandAsync("HMGET", "cache:k", "absexp", "sldexp", "data"));
    }

    [Fact]
    public async Task A_hash_write_past_the_memory_cap_is_refused_and_changes_nothing()
    {
        await using var server = await InProcessServer.StartAsync(store: new StoreOptions { MaxMemoryBytes = 64 * 1024, EvictionPolicy = EvictionPolicy.NoEviction });
        await using var client = await server.ConnectAsync();
        var value = new string('v', 1000);
        string reply;
        var written = 0;
        while ((reply = await client.CommandAsync($"HSET h f{written} {value}")) == "1")
        {
            written++;
        }

        Assert.Equal("ERR: out of memory", reply);
        Assert.True(written > 10);
        Assert.Equal(written.ToString(System.Globalization.CultureInfo.InvariantCulture), await client.CommandAsync("HLEN h"));
        Assert.Equal("(nil)", await client.CommandAsync($"HGET h f{written}"));
        Assert.Equal("1", await client.CommandAsync("HDEL h f0"));
        Assert.Equal("1", await client.CommandAsync($"HSET h again {value}"));
    }
}
