namespace MiniStore.Server.Tests;

/// <summary>
/// SMISMEMBER, SPOP, SRANDMEMBER, SINTER/SUNION/SDIFF and their STORE forms, SINTERCARD, SMOVE and SSCAN over a real
/// socket, both dialects.
/// </summary>
public sealed class SetAlgebraCommandTests : IAsyncLifetime
{
    private const string WrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";

    private InProcessServer _server = null!;
    private LineClient _line = null!;
    private RespClient _resp = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync();
        _line = await _server.ConnectAsync();
        _resp = await RespClient.ConnectAsync(_server.Port);
    }

    public async Task DisposeAsync()
    {
        await _resp.DisposeAsync();
        await _line.DisposeAsync();
        await _server.DisposeAsync();
    }

    private Task<object?> Resp(params object[] args) => _resp.CommandAsync(args);

    private async Task<string[]> Members(params object[] args) =>
        Assert.IsType<object?[]>(await Resp(args)).Cast<string>().Order(StringComparer.Ordinal).ToArray();

    /// <summary>A line-dialect array: its header, then its elements (sorted when <paramref name="sorted"/>).</summary>
    private async Task<string[]> LineArray(string command, bool sorted = true)
    {
        var header = await _line.CommandAsync(command);
        Assert.StartsWith("*", header, StringComparison.Ordinal);
        var items = new string[int.Parse(header[1..], System.Globalization.CultureInfo.InvariantCulture)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = await _line.ReadLineAsync();
        }

        return sorted ? items.Order(StringComparer.Ordinal).ToArray() : items;
    }

    [Fact]
    public async Task SMISMEMBER_answers_per_member()
    {
        await Resp("SADD", "s", "a", "b");
        Assert.Equal(new object?[] { 1L, 0L, 1L }, await Resp("SMISMEMBER", "s", "a", "z", "b"));
        Assert.Equal(new object?[] { 0L }, await Resp("SMISMEMBER", "missing", "a"));
        Assert.Equal(["*2", "1", "0"], [await _line.CommandAsync("SMISMEMBER s a z"), await _line.ReadLineAsync(), await _line.ReadLineAsync()]);
        await Resp("SET", "str", "v");
        Assert.Equal(new RespError(WrongType), await Resp("SMISMEMBER", "str", "a"));
        Assert.Equal("ERR: wrong type", await _line.CommandAsync("SMISMEMBER str a"));
    }

    [Fact]
    public async Task SPOP_removes_random_members_and_the_emptied_key()
    {
        await Resp("SADD", "s", "a", "b", "c", "d");
        var one = Assert.IsType<string>(await Resp("SPOP", "s"));
        Assert.Contains(one, new[] { "a", "b", "c", "d" });
        Assert.Equal(0L, await Resp("SISMEMBER", "s", one));
        var two = await Members("SPOP", "s", "2");
        Assert.Equal(2, two.Length);
        Assert.DoesNotContain(one, two);
        Assert.Equal(1L, await Resp("SCARD", "s"));
        Assert.Empty(await Members("SPOP", "s", "0"));
        Assert.Single(await Members("SPOP", "s", "100"));
        Assert.Equal(0L, await Resp("EXISTS", "s"));
        Assert.Null(await Resp("SPOP", "s"));
        Assert.Empty(await Members("SPOP", "s", "3"));
    }

    [Fact]
    public async Task SPOP_errors()
    {
        await Resp("SADD", "s", "a");
        await Resp("SET", "str", "v");
        const string positive = "ERR value is out of range, must be positive";
        Assert.Equal(new RespError(positive), await Resp("SPOP", "s", "-1"));
        Assert.Equal(new RespError(positive), await Resp("SPOP", "s", "abc"));
        Assert.Equal(new RespError(positive), await Resp("SPOP", "str", "-1"));
        Assert.Equal(new RespError(WrongType), await Resp("SPOP", "str", "0"));
        Assert.Equal(new RespError(WrongType), await Resp("SPOP", "str"));
        Assert.Equal(new RespError("ERR syntax error"), await Resp("SPOP", "s", "1", "2"));
        Assert.Equal(new RespError("ERR wrong number of arguments for 'spop' command"), await Resp("SPOP"));
        Assert.Equal("ERR: value is out of range, must be positive", await _line.CommandAsync("SPOP s -1"));
        Assert.Equal("ERR: syntax error", await _line.CommandAsync("SPOP s 1 2"));
        Assert.Equal("a", await _line.CommandAsync("SPOP s"));
        Assert.Equal("(nil)", await _line.CommandAsync("SPOP s"));
    }

    [Fact]
    public async Task SRANDMEMBER_counts_distinct_and_repeated()
    {
        await Resp("SADD", "s", "a", "b", "c");
        Assert.Contains(Assert.IsType<string>(await Resp("SRANDMEMBER", "s")), new[] { "a", "b", "c" });
        var two = await Members("SRANDMEMBER", "s", "2");
        Assert.Equal(2, two.Distinct().Count());
        Assert.Equal(["a", "b", "c"], await Members("SRANDMEMBER", "s", "10"));
        var repeated = await Members("SRANDMEMBER", "s", "-7");
        Assert.Equal(7, repeated.Length);
        Assert.All(repeated, m => Assert.Contains(m, new[] { "a", "b", "c" }));
        Assert.Empty(await Members("SRANDMEMBER", "s", "0"));
        Assert.Equal(3L, await Resp("SCARD", "s"));
        Assert.Null(await Resp("SRANDMEMBER", "missing"));
        Assert.Empty(await Members("SRANDMEMBER", "missing", "-5"));
        Assert.Equal(new RespError("ERR value is not an integer or out of range"), await Resp("SRANDMEMBER", "s", "abc"));
        Assert.Equal(
            new RespError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"),
            await Resp("SRANDMEMBER", "s", "-9223372036854775808"));
        Assert.Equal(new RespError("ERR syntax error"), await Resp("SRANDMEMBER", "s", "1", "2"));
        await Resp("SET", "str", "v");
        Assert.Equal(new RespError(WrongType), await Resp("SRANDMEMBER", "str", "1"));
        Assert.Empty(await LineArray("SRANDMEMBER missing -4"));
        Assert.Equal("ERR: not an integer", await _line.CommandAsync("SRANDMEMBER s x"));
    }

    [Fact]
    public async Task SRANDMEMBER_negative_count_on_one_member_repeats_it()
    {
        await Resp("SADD", "one", "a");
        Assert.Equal(["a", "a", "a", "a"], await LineArray("SRANDMEMBER one -4"));
        Assert.Equal(["a"], await LineArray("SRANDMEMBER one 4"));
    }

    [Fact]
    public async Task SINTER_SUNION_SDIFF()
    {
        await Resp("SADD", "x", "a", "b", "c");
        await Resp("SADD", "y", "b", "c", "d");
        await Resp("SADD", "z", "c", "e");
        Assert.Equal(["c"], await Members("SINTER", "x", "y", "z"));
        Assert.Equal(["b", "c"], await Members("SINTER", "x", "y"));
        Assert.Empty(await Members("SINTER", "x", "missing"));
        Assert.Equal(["a", "b", "c", "d", "e"], await Members("SUNION", "x", "y", "z", "missing"));
        Assert.Equal(["a"], await Members("SDIFF", "x", "y", "z"));
        Assert.Equal(["a", "b", "c"], await Members("SDIFF", "x", "missing"));
        Assert.Empty(await Members("SDIFF", "missing", "x"));
        Assert.Empty(await Members("SDIFF", "x", "x"));
        Assert.Equal(["a", "b", "c"], await Members("SINTER", "x"));
        Assert.Equal(["b", "c"], await LineArray("SINTER x y"));
        Assert.Equal(["a", "b", "c", "d"], await LineArray("SUNION x y"));
    }

    [Fact]
    public async Task Set_algebra_is_WRONGTYPE_if_any_key_is_not_a_set()
    {
        await Resp("SADD", "x", "a");
        await Resp("SET", "str", "v");
        foreach (var name in new[] { "SINTER", "SUNION", "SDIFF" })
        {
            Assert.Equal(new RespError(WrongType), await Resp(name, "x", "str"));
            Assert.Equal(new RespError(WrongType), await Resp(name, "missing", "str"));
            Assert.Equal(new RespError(WrongType), await Resp(name + "STORE", "d", "missing", "str"));
        }

        Assert.Equal(0L, await Resp("EXISTS", "d"));
        Assert.Equal("ERR: wrong type", await _line.CommandAsync("SUNION x str"));
    }

    [Fact]
    public async Task STORE_forms_overwrite_any_type_and_an_empty_result_deletes()
    {
        await Resp("SADD", "x", "a", "b", "c");
        await Resp("SADD", "y", "b", "c", "d");
        await Resp("SET", "dest", "string", "EX", "100");
        Assert.Equal(2L, await Resp("SINTERSTORE", "dest", "x", "y"));
        Assert.Equal(["b", "c"], await Members("SMEMBERS", "dest"));
        Assert.Equal(-1L, await Resp("TTL", "dest"));
        Assert.Equal(4L, await Resp("SUNIONSTORE", "dest", "x", "y"));
        Assert.Equal(["a", "b", "c", "d"], await Members("SMEMBERS", "dest"));
        Assert.Equal(1L, await Resp("SDIFFSTORE", "dest", "x", "y"));
        Assert.Equal(["a"], await Members("SMEMBERS", "dest"));
        Assert.Equal(0L, await Resp("SINTERSTORE", "dest", "x", "missing"));
        Assert.Equal(0L, await Resp("EXISTS", "dest"));

        // The destination may be one of the sources.
        Assert.Equal(2L, await Resp("SINTERSTORE", "x", "x", "y"));
        Assert.Equal(["b", "c"], await Members("SMEMBERS", "x"));
        Assert.Equal(0L, await Resp("SDIFFSTORE", "x", "x", "y"));
        Assert.Equal(0L, await Resp("EXISTS", "x"));
        Assert.Equal("3", await _line.CommandAsync("SUNIONSTORE d y"));
    }

    [Fact]
    public async Task SINTERCARD_counts_with_a_limit()
    {
        await Resp("SADD", "x", "a", "b", "c");
        await Resp("SADD", "y", "b", "c", "d");
        Assert.Equal(2L, await Resp("SINTERCARD", "2", "x", "y"));
        Assert.Equal(1L, await Resp("SINTERCARD", "2", "x", "y", "LIMIT", "1"));
        Assert.Equal(2L, await Resp("SINTERCARD", "2", "x", "y", "limit", "0"));
        Assert.Equal(3L, await Resp("SINTERCARD", "1", "x", "LIMIT", "5", "LIMIT", "10"));
        Assert.Equal(0L, await Resp("SINTERCARD", "2", "x", "missing"));
        Assert.Equal(new RespError("ERR numkeys should be greater than 0"), await Resp("SINTERCARD", "0", "x"));
        Assert.Equal(new RespError("ERR numkeys should be greater than 0"), await Resp("SINTERCARD", "abc", "x"));
        Assert.Equal(new RespError("ERR Number of keys can't be greater than number of args"), await Resp("SINTERCARD", "3", "x", "y"));
        Assert.Equal(new RespError("ERR LIMIT can't be negative"), await Resp("SINTERCARD", "1", "x", "LIMIT", "-1"));
        Assert.Equal(new RespError("ERR syntax error"), await Resp("SINTERCARD", "1", "x", "LIMIT"));
        Assert.Equal(new RespError("ERR syntax error"), await Resp("SINTERCARD", "1", "x", "y"));
        await Resp("SET", "str", "v");
        Assert.Equal(new RespError(WrongType), await Resp("SINTERCARD", "2", "missing", "str"));
        Assert.Equal("2", await _line.CommandAsync("SINTERCARD 2 x y"));
        Assert.Equal("ERR: numkeys should be greater than 0", await _line.CommandAsync("SINTERCARD 0 x"));
    }

    [Fact]
    public async Task SMOVE_moves_one_member()
    {
        await Resp("SADD", "from", "a", "b");
        Assert.Equal(1L, await Resp("SMOVE", "from", "to", "a"));
        Assert.Equal(["b"], await Members("SMEMBERS", "from"));
        Assert.Equal(["a"], await Members("SMEMBERS", "to"));
        Assert.Equal(0L, await Resp("SMOVE", "from", "to", "z"));
        Assert.Equal(1L, await Resp("SMOVE", "from", "from", "b"));
        Assert.Equal(0L, await Resp("SMOVE", "from", "from", "z"));
        Assert.Equal(1L, await Resp("SMOVE", "from", "to", "b"));
        Assert.Equal(0L, await Resp("EXISTS", "from"));
        Assert.Equal(["a", "b"], await Members("SMEMBERS", "to"));
        await Resp("SET", "str", "v");
        Assert.Equal(0L, await Resp("SMOVE", "missing", "str", "a"));
        Assert.Equal(new RespError(WrongType), await Resp("SMOVE", "to", "str", "a"));
        Assert.Equal(new RespError(WrongType), await Resp("SMOVE", "str", "to", "a"));
        Assert.Equal(["a", "b"], await Members("SMEMBERS", "to"));
        Assert.Equal("1", await _line.CommandAsync("SMOVE to other a"));
        Assert.Equal("ERR: wrong type", await _line.CommandAsync("SMOVE to str b"));
    }

    [Fact]
    public async Task SSCAN_small_sets_come_whole()
    {
        await Resp("SADD", "s", "apple", "avocado", "banana");
        var reply = Assert.IsType<object?[]>(await Resp("SSCAN", "s", "0"));
        Assert.Equal("0", reply[0]);
        Assert.Equal(["apple", "avocado", "banana"], Assert.IsType<object?[]>(reply[1]).Cast<string>().Order(StringComparer.Ordinal));
        var matched = Assert.IsType<object?[]>(await Resp("SSCAN", "s", "0", "MATCH", "a*", "COUNT", "1"));
        Assert.Equal(["apple", "avocado"], Assert.IsType<object?[]>(matched[1]).Cast<string>().Order(StringComparer.Ordinal));
        Assert.Equal(new object?[] { "0", Array.Empty<object?>() }, await Resp("SSCAN", "missing", "0"));
        Assert.Equal(new RespError("ERR invalid cursor"), await Resp("SSCAN", "s", "abc"));
        Assert.Equal(new RespError("ERR syntax error"), await Resp("SSCAN", "s", "0", "COUNT", "0"));
        Assert.Equal(new RespError("ERR value is not an integer or out of range"), await Resp("SSCAN", "s", "0", "COUNT", "x"));
        Assert.Equal(new RespError("ERR syntax error"), await Resp("SSCAN", "s", "0", "MATCH"));
        await Resp("SET", "str", "v");
        Assert.Equal(new RespError(WrongType), await Resp("SSCAN", "str", "0"));
        Assert.Equal("*2", await _line.CommandAsync("SSCAN s 0 MATCH b*"));
        Assert.Equal("0", await _line.ReadLineAsync());
        Assert.Equal("*1", await _line.ReadLineAsync());
        Assert.Equal("banana", await _line.ReadLineAsync());
        Assert.Equal("ERR: invalid cursor", await _line.CommandAsync("SSCAN s x"));
    }

    [Fact]
    public async Task SSCAN_walks_a_large_set_with_a_cursor_and_misses_nothing_that_stays()
    {
        var members = Enumerable.Range(0, 2000).Select(i => $"m{i}").ToArray();
        await Resp(["SADD", "big", .. members]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var cursor = "0";
        var calls = 0;
        do
        {
            var reply = Assert.IsType<object?[]>(await Resp("SSCAN", "big", cursor, "COUNT", "100"));
            cursor = Assert.IsType<string>(reply[0]);
            var batch = Assert.IsType<object?[]>(reply[1]).Cast<string>().ToArray();
            Assert.True(batch.Length <= 100);
            seen.UnionWith(batch);

            // Remove some members not yet seen and some already seen while the scan goes on.
            if (calls++ % 3 == 0)
            {
                await Resp("SREM", "big", $"m{calls}", batch[0]);
            }
        }
        while (cursor != "0");

        var remaining = await Members("SMEMBERS", "big");
        Assert.All(remaining, m => Assert.Contains(m, seen));
        Assert.InRange(calls, 19, 21);
    }
}
