using System.Text;
using MiniStore.Core;
using MiniStore.Server.Tests.Support;

namespace MiniStore.Server.Tests;

/// <summary>The list commands over a real socket, both dialects.</summary>
public sealed class ListCommandTests : IAsyncLifetime
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

    /// <summary>An array reply in the line dialect: its header, then each element's line.</summary>
    private async Task<string[]> LineArray(string line)
    {
        var header = await Do(line);
        Assert.StartsWith("*", header, StringComparison.Ordinal);
        var count = int.Parse(header[1..], System.Globalization.CultureInfo.InvariantCulture);
        var items = new string[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = await _client.ReadLineAsync();
        }

        return items;
    }

    [Fact]
    public async Task Pushes_pops_lengths_and_ranges_in_the_line_dialect()
    {
        Assert.Equal("3", await Do("RPUSH l b c d"));
        Assert.Equal("5", await Do("LPUSH l a0 a"));
        Assert.Equal(["a", "a0", "b", "c", "d"], await LineArray("LRANGE l 0 -1"));
        Assert.Equal(["c", "d"], await LineArray("LRANGE l -2 100"));
        Assert.Empty(await LineArray("LRANGE l 3 1"));
        Assert.Empty(await LineArray("LRANGE missing 0 -1"));
        Assert.Equal("5", await Do("LLEN l"));
        Assert.Equal("0", await Do("LLEN missing"));
        Assert.Equal("a", await Do("LPOP l"));
        Assert.Equal("d", await Do("RPOP l"));
        Assert.Equal(["a0", "b"], await LineArray("LPOP l 2"));
        Assert.Empty(await LineArray("LPOP l 0"));
        Assert.Equal(["c"], await LineArray("RPOP l 10"));
        Assert.Equal("0", await Do("EXISTS l"));
        Assert.Equal("(nil)", await Do("LPOP l"));
        Assert.Equal("(nil)", await Do("LPOP l 3"));
        Assert.Equal("ERR: value is out of range, must be positive", await Do("LPOP l -1"));
        Assert.Equal("0", await Do("LPUSHX l x"));
        Assert.Equal("0", await Do("EXISTS l"));
        Assert.Equal("ERR: invalid arguments", await Do("LPOP l 1 2"));
        Assert.Equal("ERR: not an integer", await Do("LRANGE l x 1"));
    }

    [Fact]
    public async Task Values_that_need_quoting_come_back_quoted_in_line_arrays()
    {
        Assert.Equal("3", await Do("RPUSH q \"\" *star \"two words\""));
        Assert.Equal(["\"\"", "\"*star\"", "two words"], await LineArray("LRANGE q 0 -1"));
    }

    [Fact]
    public async Task Index_set_remove_trim_insert_and_position()
    {
        Assert.Equal("6", await Do("RPUSH l a b a c a d"));
        Assert.Equal("d", await Do("LINDEX l -1"));
        Assert.Equal("(nil)", await Do("LINDEX l 6"));
        Assert.Equal("OK", await Do("LSET l 1 B"));
        Assert.Equal("ERR: index out of range", await Do("LSET l 6 x"));
        Assert.Equal("ERR: no such key", await Do("LSET missing 0 x"));
        Assert.Equal("2", await Do("LREM l -2 a"));
        Assert.Equal(["a", "B", "c", "d"], await LineArray("LRANGE l 0 -1"));
        Assert.Equal("5", await Do("LINSERT l AFTER B x"));
        Assert.Equal("6", await Do("LINSERT l before a first"));
        Assert.Equal("-1", await Do("LINSERT l BEFORE nope y"));
        Assert.Equal("0", await Do("LINSERT missing BEFORE a y"));
        Assert.Equal("ERR: syntax error", await Do("LINSERT l MIDDLE a y"));
        Assert.Equal(["first", "a", "B", "x", "c", "d"], await LineArray("LRANGE l 0 -1"));
        Assert.Equal("OK", await Do("LTRIM l 1 -2"));
        Assert.Equal(["a", "B", "x", "c"], await LineArray("LRANGE l 0 -1"));
        Assert.Equal("7", await Do("RPUSH l a B a"));
        Assert.Equal("1", await Do("LPOS l B"));
        Assert.Equal("6", await Do("LPOS l a RANK -1"));
        Assert.Equal(["0", "4", "6"], await LineArray("LPOS l a COUNT 0"));
        Assert.Equal(["0"], await LineArray("LPOS l a COUNT 0 MAXLEN 3"));
        Assert.Equal("(nil)", await Do("LPOS l zz"));
        Assert.Empty(await LineArray("LPOS l zz COUNT 1"));
        Assert.Equal("ERR: RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list", await Do("LPOS l a RANK 0"));
        Assert.Equal("ERR: COUNT can't be negative", await Do("LPOS l a COUNT -1"));
        Assert.Equal("ERR: MAXLEN can't be negative", await Do("LPOS l a MAXLEN x"));
        Assert.Equal("ERR: syntax error", await Do("LPOS l a RANK"));
        Assert.Equal("OK", await Do("LTRIM l 5 1"));
        Assert.Equal("0", await Do("EXISTS l"));
    }

    [Fact]
    public async Task LMOVE_and_RPOPLPUSH_move_between_keys_and_rotate_one()
    {
        Assert.Equal("3", await Do("RPUSH src a b c"));
        Assert.Equal("c", await Do("RPOPLPUSH src dst"));
        Assert.Equal("a", await Do("LMOVE src dst LEFT RIGHT"));
        Assert.Equal(["c", "a"], await LineArray("LRANGE dst 0 -1"));
        Assert.Equal("c", await Do("LMOVE dst dst left right"));
        Assert.Equal(["a", "c"], await LineArray("LRANGE dst 0 -1"));
        Assert.Equal("b", await Do("RPOPLPUSH src src"));
        Assert.Equal("b", await Do("LMOVE src dst RIGHT LEFT"));
        Assert.Equal("0", await Do("EXISTS src"));
        Assert.Equal("(nil)", await Do("LMOVE src dst LEFT LEFT"));
        Assert.Equal("ERR: syntax error", await Do("LMOVE dst src UP LEFT"));
        Assert.Equal(["b", "a", "c"], await LineArray("LRANGE dst 0 -1"));
    }

    [Fact]
    public async Task WRONGTYPE_in_both_directions_changes_nothing()
    {
        Assert.Equal("OK", await Do("SET str v"));
        Assert.Equal("2", await Do("RPUSH l a b"));
        foreach (var line in new[]
        {
            "LPUSH str x", "RPUSH str x", "LPUSHX str x", "RPUSHX str x", "LPOP str", "RPOP str 2", "LRANGE str 0 -1",
            "LLEN str", "LINDEX str 0", "LSET str 0 x", "LREM str 0 v", "LTRIM str 0 0", "LINSERT str BEFORE v x",
            "LPOS str v", "LMOVE str l LEFT LEFT", "LMOVE l str LEFT LEFT", "RPOPLPUSH l str", "GET l",
        })
        {
            Assert.Equal("ERR: wrong type", await Do(line));
        }

        Assert.Equal("v", await Do("GET str"));
        Assert.Equal(["a", "b"], await LineArray("LRANGE l 0 -1"));
        Assert.Equal("OK", await Do("SET l now-a-string"));
        Assert.Equal("now-a-string", await Do("GET l"));
    }

    [Fact]
    public async Task RESP_replies_and_error_texts()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal(3L, await c.CommandAsync("RPUSH", "r", "a", "b", "c"));
        Assert.Equal(new object?[] { "a", "b", "c" }, await c.CommandAsync("LRANGE", "r", "0", "-1"));
        Assert.Equal(new object?[] { "a" }, await c.CommandAsync("LPOP", "r", "1"));
        Assert.Empty(Assert.IsType<object?[]>(await c.CommandAsync("LPOP", "r", "0")));
        Assert.Null(await c.CommandAsync("LPOP", "nope"));
        Assert.Null(await c.CommandAsync("LPOP", "nope", "2"));
        Assert.Equal(new RespError("ERR value is out of range, must be positive"), await c.CommandAsync("RPOP", "r", "abc"));
        Assert.Equal(new RespError("ERR no such key"), await c.CommandAsync("LSET", "nope", "0", "x"));
        Assert.Equal(new RespError("ERR index out of range"), await c.CommandAsync("LSET", "r", "9", "x"));
        Assert.Equal(new RespError("ERR value is not an integer or out of range"), await c.CommandAsync("LINDEX", "r", "x"));
        Assert.Equal(new RespError("ERR wrong number of arguments for 'rpoplpush' command"), await c.CommandAsync("RPOPLPUSH", "r"));
        Assert.Equal("OK", await c.CommandAsync("SET", "s", "v"));
        Assert.Equal(new RespError("WRONGTYPE Operation against a key holding the wrong kind of value"), await c.CommandAsync("LLEN", "s"));
        Assert.Equal(new object?[] { 0L }, await c.CommandAsync("LPOS", "r", "b", "COUNT", "0"));
    }

    [Fact]
    public async Task A_missing_key_with_a_count_is_a_nil_array_in_both_RESP_versions()
    {
        await using var c = await RawRespClient.ConnectAsync(_server.Port, "MiniStore");
        Assert.Equal("+OK\r\n", Encoding.ASCII.GetString(await c.CommandAsync("AUTH", InProcessServer.Password)));
        Assert.Equal("*-1\r\n", Encoding.ASCII.GetString(await c.CommandAsync("LPOP", "nope", "1")));
        Assert.Equal("$-1\r\n", Encoding.ASCII.GetString(await c.CommandAsync("RPOP", "nope")));
        await c.CommandAsync("HELLO", "3");
        Assert.Equal("_\r\n", Encoding.ASCII.GetString(await c.CommandAsync("LPOP", "nope", "1")));
        Assert.Equal("_\r\n", Encoding.ASCII.GetString(await c.CommandAsync("LMOVE", "nope", "x", "LEFT", "LEFT")));
        Assert.Equal("*0\r\n", Encoding.ASCII.GetString(await c.CommandAsync("LPOS", "nope", "a", "COUNT", "1")));
    }

    [Fact]
    public async Task A_list_counts_in_used_memory_and_releases_it_when_emptied()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        var before = UsedMemory(await c.CommandAsync("INFO", "memory"));
        var element = new string('e', 1000);
        for (var i = 0; i < 50; i++)
        {
            await c.CommandAsync("RPUSH", "big", element);
        }

        var full = UsedMemory(await c.CommandAsync("INFO", "memory"));
        Assert.InRange(full - before, 50 * 1000, 50 * (1000 + 200));
        Assert.Equal(50L, await c.CommandAsync("LREM", "big", "0", element));
        Assert.Equal(0L, await c.CommandAsync("EXISTS", "big"));
        Assert.Equal(before, UsedMemory(await c.CommandAsync("INFO", "memory")));
    }

    [Fact]
    public async Task Pushes_are_refused_at_the_memory_cap_under_noeviction()
    {
        await using var server = await InProcessServer.StartAsync(store: new StoreOptions { MaxMemoryBytes = 64 * 1024, EvictionPolicy = EvictionPolicy.NoEviction });
        await using var client = await server.ConnectAsync();
        var element = new string('v', 1000);
        string reply;
        var pushed = 0;
        while ((reply = await client.CommandAsync($"RPUSH l {element}")) != "ERR: out of memory")
        {
            Assert.Equal($"{++pushed}", reply);
        }

        Assert.True(pushed > 10);
        Assert.Equal($"{pushed}", await client.CommandAsync("LLEN l"));
        Assert.Equal(element, await client.CommandAsync("RPOP l"));
        Assert.Equal($"{pushed}", await client.CommandAsync($"RPUSH l {element}"));
    }

    private static long UsedMemory(object? info)
    {
        var line = ((string)info!).Split("\r\n").Single(l => l.StartsWith("used_memory:", StringComparison.Ordinal));
        return long.Parse(line["used_memory:".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
