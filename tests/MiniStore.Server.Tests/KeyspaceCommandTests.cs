using System.Globalization;

namespace MiniStore.Server.Tests;

/// <summary>The keyspace commands (EXPIRE family, PERSIST, TYPE, TOUCH, RANDOMKEY, KEYS, SCAN, RENAME, COPY) over a real socket, both dialects, on the fake clock.</summary>
public sealed class KeyspaceCommandTests : IAsyncLifetime
{
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

    private long UnixNowMs => _server.FakeTime.GetUtcNow().ToUnixTimeMilliseconds();

    private Task<string> Line(string line) => _line.CommandAsync(line);

    private Task<object?> Resp(params object[] args) => _resp.CommandAsync(args);

    [Fact]
    public async Task EXPIRE_sets_a_ttl_that_expires_the_key_on_the_clock()
    {
        Assert.Equal(0L, await Resp("EXPIRE", "k", "10"));
        Assert.Equal("OK", await Resp("SET", "k", "v"));
        Assert.Equal(1L, await Resp("EXPIRE", "k", "10"));
        Assert.Equal(10L, await Resp("TTL", "k"));
        Assert.Equal(1L, await Resp("PEXPIRE", "k", "1500"));
        Assert.Equal(1500L, await Resp("PTTL", "k"));
        _server.FakeTime.Advance(TimeSpan.FromMilliseconds(1499));
        Assert.Equal(1L, await Resp("EXISTS", "k"));
        _server.FakeTime.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0L, await Resp("EXISTS", "k"));
    }

    [Fact]
    public async Task EXPIREAT_PEXPIREAT_and_EXPIRETIME_PEXPIRETIME_use_unix_time()
    {
        var now = UnixNowMs;
        Assert.Equal("OK", await Resp("SET", "k", "v"));
        Assert.Equal(-1L, await Resp("EXPIRETIME", "k"));
        Assert.Equal(-1L, await Resp("PEXPIRETIME", "k"));
        Assert.Equal(-2L, await Resp("EXPIRETIME", "nokey"));
        Assert.Equal(-2L, await Resp("PEXPIRETIME", "nokey"));
        Assert.Equal(1L, await Resp("EXPIREAT", "k", (now / 1000) + 100));
        Assert.Equal((now / 1000) + 100, await Resp("EXPIRETIME", "k"));
        Assert.Equal(1L, await Resp("PEXPIREAT", "k", now + 12_345));
        Assert.Equal(now + 12_345, await Resp("PEXPIRETIME", "k"));
        Assert.Equal(12_345L, await Resp("PTTL", "k"));

        // EXPIRETIME rounds to the nearest second, as Redis does.
        Assert.Equal((now + 12_345 + 500) / 1000, await Resp("EXPIRETIME", "k"));
        Assert.Equal(1L, await Resp("PEXPIRE", "k", "2000"));
        Assert.Equal(now + 2000, await Resp("PEXPIRETIME", "k"));
    }

    [Fact]
    public async Task PEXPIREAT_of_the_largest_time_reads_back_as_Redis_reports_it()
    {
        Assert.Equal("OK", await Resp("SET", "k", "v"));
        Assert.Equal(1L, await Resp("PEXPIREAT", "k", long.MaxValue));
        Assert.Equal(long.MaxValue, await Resp("PEXPIRETIME", "k"));
        Assert.Equal(long.MaxValue - UnixNowMs, await Resp("PTTL", "k"));
        Assert.Equal(1L, await Resp("EXISTS", "k"));
    }

    [Fact]
    public async Task A_time_in_the_past_deletes_the_key_and_replies_1()
    {
        foreach (var (command, number) in new[] { ("EXPIRE", "0"), ("EXPIRE", "-5"), ("PEXPIRE", "-1"), ("EXPIREAT", "1"), ("PEXPIREAT", "0"), ("PEXPIRE", long.MinValue.ToString(CultureInfo.InvariantCulture)), ("PEXPIREAT", long.MinValue.ToString(CultureInfo.InvariantCulture)), ("EXPIREAT", "-9223372036854775") })
        {
            Assert.Equal(1L, await Resp("SADD", "k", "m"));
            Assert.Equal(1L, await Resp(command, "k", number));
            Assert.Equal(0L, await Resp("EXISTS", "k"));
        }

        Assert.Equal(0L, await Resp("EXPIRE", "missing", "-1"));
    }

    [Fact]
    public async Task EXPIRE_options_NX_XX_GT_LT()
    {
        Assert.Equal("OK", await Resp("SET", "k", "v"));
        Assert.Equal(0L, await Resp("EXPIRE", "k", "100", "XX"));
        Assert.Equal(0L, await Resp("EXPIRE", "k", "100", "GT"));
        Assert.Equal(-1L, await Resp("TTL", "k"));
        Assert.Equal(1L, await Resp("EXPIRE", "k", "100", "nx"));
        Assert.Equal(0L, await Resp("EXPIRE", "k", "200", "NX"));
        Assert.Equal(0L, await Resp("EXPIRE", "k", "50", "GT"));
        Assert.Equal(0L, await Resp("EXPIRE", "k", "100", "GT"));
        Assert.Equal(1L, await Resp("EXPIRE", "k", "150", "gt"));
        Assert.Equal(150L, await Resp("TTL", "k"));
        Assert.Equal(0L, await Resp("EXPIRE", "k", "150", "LT"));
        Assert.Equal(1L, await Resp("EXPIRE", "k", "120", "LT", "XX"));
        Assert.Equal(120L, await Resp("TTL", "k"));
        Assert.Equal(1L, await Resp("PERSIST", "k"));

        // LT takes a key without a TTL as infinite: any time is less.
        Assert.Equal(1L, await Resp("EXPIRE", "k", "30", "LT"));
        Assert.Equal(30L, await Resp("TTL", "k"));
        Assert.Equal(1L, await Resp("EXPIRE", "k", "0", "XX"));
        Assert.Equal(0L, await Resp("EXISTS", "k"));
    }

    [Fact]
    public async Task EXPIRE_errors_follow_Redis_order_and_texts()
    {
        Assert.Equal("OK", await Resp("SET", "k", "v"));
        Assert.Equal(new RespError("ERR Unsupported option foo"), await Resp("EXPIRE", "k", "abc", "NX", "XX", "foo"));
        Assert.Equal(new RespError("ERR NX and XX, GT or LT options at the same time are not compatible"), await Resp("EXPIRE", "k", "abc", "nx", "gt"));
        Assert.Equal(new RespError("ERR GT and LT options at the same time are not compatible"), await Resp("PEXPIRE", "k", "abc", "GT", "LT"));
        Assert.Equal(new RespError("ERR value is not an integer or out of range"), await Resp("EXPIRE", "k", "abc"));
        Assert.Equal(new RespError("ERR invalid expire time in 'expire' command"), await Resp("EXPIRE", "nokey", "9223372036854775"));
        Assert.Equal(new RespError("ERR invalid expire time in 'expire' command"), await Resp("EXPIRE", "k", "-9223372036854775808"));
        Assert.Equal(new RespError("ERR invalid expire time in 'pexpire' command"), await Resp("pExpire", "k", long.MaxValue));
        Assert.Equal(new RespError("ERR invalid expire time in 'expireat' command"), await Resp("EXPIREAT", "k", "9223372036854776"));
        Assert.Equal(new RespError("ERR wrong number of arguments for 'expire' command"), await Resp("EXPIRE", "k"));
        Assert.Equal(-1L, await Resp("TTL", "k"));

        Assert.Equal("ERR: unsupported option foo", await Line("EXPIRE k 1 foo"));
        Assert.Equal("ERR: NX and XX, GT or LT options at the same time are not compatible", await Line("EXPIRE k 1 NX LT"));
        Assert.Equal("ERR: GT and LT options at the same time are not compatible", await Line("EXPIRE k 1 LT GT"));
        Assert.Equal("ERR: not an integer", await Line("EXPIRE k 1.5"));
        Assert.Equal("ERR: invalid expire time", await Line("EXPIRE k 9223372036854775807"));
    }

    [Fact]
    public async Task PERSIST_removes_the_ttl()
    {
        Assert.Equal(0L, await Resp("PERSIST", "k"));
        Assert.Equal("OK", await Resp("SET", "k", "v", "EX", "100"));
        Assert.Equal(1L, await Resp("PERSIST", "k"));
        Assert.Equal(0L, await Resp("PERSIST", "k"));
        Assert.Equal(-1L, await Resp("TTL", "k"));
        _server.FakeTime.Advance(TimeSpan.FromSeconds(200));
        Assert.Equal("v", await Resp("GET", "k"));
    }

    [Fact]
    public async Task The_expire_family_in_the_line_dialect()
    {
        Assert.Equal("OK", await Line("SET k v"));
        Assert.Equal("1", await Line("EXPIRE k 100"));
        Assert.Equal("100", await Line("TTL k"));
        Assert.Equal("1", await Line("PEXPIRE k 5000 LT"));
        Assert.Equal(((UnixNowMs + 5000) / 1000).ToString(CultureInfo.InvariantCulture), await Line("EXPIRETIME k"));
        Assert.Equal((UnixNowMs + 5000).ToString(CultureInfo.InvariantCulture), await Line("PEXPIRETIME k"));
        Assert.Equal("1", await Line("PERSIST k"));
        Assert.Equal("0", await Line("EXPIREAT nokey 1"));
        Assert.Equal("1", await Line("PEXPIREAT k 1"));
        Assert.Equal("0", await Line("EXISTS k"));
    }

    [Fact]
    public async Task OBJECT_in_the_line_dialect()
    {
        Assert.Equal("OK", await Line("SET k 42"));
        Assert.Equal("int", await Line("OBJECT ENCODING k"));
        Assert.Equal("2147483647", await Line("OBJECT REFCOUNT k"));
        Assert.Equal("(nil)", await Line("OBJECT ENCODING nokey"));
        Assert.Equal("ERR: access frequency is not tracked (no LFU maxmemory policy)", await Line("OBJECT FREQ k"));
        Assert.Equal("ERR: invalid arguments", await Line("OBJECT ENCODING"));
        Assert.Equal("ERR: unknown subcommand 'IDLETIME'", await Line("OBJECT IDLETIME k"));
    }

    [Fact]
    public async Task TYPE_names_each_kind()
    {
        Assert.Equal("OK", await Resp("SET", "str", "v"));
        Assert.Equal(1L, await Resp("SADD", "set", "m"));
        Assert.Equal("string", await Resp("TYPE", "str"));
        Assert.Equal("set", await Resp("TYPE", "set"));
        Assert.Equal("none", await Resp("TYPE", "nokey"));
        Assert.Equal("string", await Line("TYPE str"));
        Assert.Equal("set", await Line("TYPE set"));
        Assert.Equal("none", await Line("TYPE nokey"));
    }

    [Fact]
    public async Task TOUCH_counts_existing_keys_and_RANDOMKEY_picks_one()
    {
        Assert.Null(await Resp("RANDOMKEY"));
        Assert.Equal("(nil)", await Line("RANDOMKEY"));
        Assert.Equal("OK", await Resp("SET", "a", "1"));
        Assert.Equal(1L, await Resp("SADD", "s", "m"));
        Assert.Equal(3L, await Resp("TOUCH", "a", "s", "nokey", "a"));
        Assert.Equal("1", await Line("TOUCH a nokey"));
        for (var i = 0; i < 20; i++)
        {
            Assert.Contains(Assert.IsType<string>(await Resp("RANDOMKEY")), new[] { "a", "s" });
        }

        Assert.Equal(1L, await Resp("DEL", "a"));
        Assert.Equal("s", await Line("RANDOMKEY"));
    }

    [Fact]
    public async Task KEYS_matches_a_glob_in_both_dialects()
    {
        foreach (var key in new[] { "user:1", "user:2", "user:10", "other" })
        {
            Assert.Equal("OK", await Resp("SET", key, "v"));
        }

        Assert.Equal(1L, await Resp("SADD", "user:set", "m"));
        Assert.Equal("OK", await Resp("SET", "user:gone", "v", "PX", "10"));
        _server.FakeTime.Advance(TimeSpan.FromMilliseconds(10));

        var all = Assert.IsType<object?[]>(await Resp("KEYS", "*"));
        Assert.Equal(["other", "user:1", "user:10", "user:2", "user:set"], all.Cast<string>().Order(StringComparer.Ordinal));
        var users = Assert.IsType<object?[]>(await Resp("KEYS", "user:?"));
        Assert.Equal(["user:1", "user:2"], users.Cast<string>().Order(StringComparer.Ordinal));
        Assert.Empty(Assert.IsType<object?[]>(await Resp("KEYS", "nothing*")));

        Assert.Equal("*2", await Line("KEYS user:[0-9]"));
        var lines = new[] { await _line.ReadLineAsync(), await _line.ReadLineAsync() };
        Assert.Equal(["user:1", "user:2"], lines.Order(StringComparer.Ordinal));
        Assert.Equal("*0", await Line("KEYS zz*"));
    }

    [Fact]
    public async Task SCAN_visits_every_key_once_with_MATCH_COUNT_and_TYPE()
    {
        for (var i = 0; i < 300; i++)
        {
            Assert.Equal("OK", await Resp("SET", $"k{i}", "v"));
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(1L, await Resp("SADD", $"s{i}", "m"));
        }

        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"k{i}").Concat(Enumerable.Range(0, 20).Select(i => $"s{i}")).Order(StringComparer.Ordinal), await ScanAllAsync());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"s{i}").Order(StringComparer.Ordinal), await ScanAllAsync("TYPE", "SET", "COUNT", "7"));
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"k{i}").Order(StringComparer.Ordinal), await ScanAllAsync("type", "string", "COUNT", "1000"));
        Assert.Equal(Enumerable.Range(10, 10).Select(i => $"k{i}"), await ScanAllAsync("MATCH", "k1*", "MATCH", "k1?", "COUNT", "3"));
        Assert.Empty(await ScanAllAsync("TYPE", "hash"));
        Assert.Empty(await ScanAllAsync("TYPE", "nosuchtype"));
    }

    [Fact]
    public async Task SCAN_cursor_and_option_errors()
    {
        Assert.Equal("OK", await Resp("SET", "a", "1"));
        Assert.Equal(new RespError("ERR invalid cursor"), await Resp("SCAN", "abc"));
        Assert.Equal(new RespError("ERR invalid cursor"), await Resp("SCAN", " 0"));
        Assert.Equal(new RespError("ERR invalid cursor"), await Resp("SCAN", "1 "));
        Assert.Equal(new RespError("ERR invalid cursor"), await Resp("SCAN", "18446744073709551616"));
        Assert.Equal(new RespError("ERR invalid cursor"), await Resp("SCAN", "-"));
        Assert.Equal(new object?[] { "0", new object?[] { "a" } }, await Resp("SCAN", ""));
        Assert.Equal(new object?[] { "0", new object?[] { "a" } }, await Resp("SCAN", "00"));
        Assert.Equal(new object?[] { "0", new object?[] { "a" } }, await Resp("SCAN", "+0"));
        Assert.Equal(new object?[] { "0", Array.Empty<object?>() }, await Resp("SCAN", "-1"));
        Assert.Equal(new object?[] { "0", Array.Empty<object?>() }, await Resp("SCAN", "18446744073709551615"));
        Assert.Equal(new RespError("ERR syntax error"), await Resp("SCAN", "0", "COUNT", "0"));
        Assert.Equal(new RespError("ERR syntax error"), await Resp("SCAN", "0", "COUNT", "-1"));
        Assert.Equal(new RespError("ERR value is not an integer or out of range"), await Resp("SCAN", "0", "COUNT", "x"));
        Assert.Equal(new RespError("ERR syntax error"), await Resp("SCAN", "0", "MATCH"));
        Assert.Equal(new RespError("ERR syntax error"), await Resp("SCAN", "0", "FOO", "bar"));
        Assert.Equal(new RespError("ERR invalid cursor"), await Resp("SCAN", "x", "FOO"));

        Assert.Equal("ERR: invalid cursor", await Line("SCAN x"));
        Assert.Equal("ERR: syntax error", await Line("SCAN 0 COUNT 0"));
        Assert.Equal("*2", await Line("SCAN 0 MATCH a"));
        Assert.Equal("0", await _line.ReadLineAsync());
        Assert.Equal("*1", await _line.ReadLineAsync());
        Assert.Equal("a", await _line.ReadLineAsync());
        Assert.Equal("*2", await Line("SCAN 0 MATCH zz"));
        Assert.Equal("0", await _line.ReadLineAsync());
        Assert.Equal("*0", await _line.ReadLineAsync());
    }

    [Fact]
    public async Task RENAME_moves_value_and_ttl_and_replaces_any_type()
    {
        Assert.Equal(new RespError("ERR no such key"), await Resp("RENAME", "nokey", "x"));
        Assert.Equal(new RespError("ERR no such key"), await Resp("RENAME", "nokey", "nokey"));
        Assert.Equal(new RespError("ERR no such key"), await Resp("RENAMENX", "nokey", "x"));
        Assert.Equal("OK", await Resp("SET", "a", "1", "PX", "100000"));
        Assert.Equal(1L, await Resp("SADD", "s", "m"));
        Assert.Equal("OK", await Resp("RENAME", "a", "a"));
        Assert.Equal(0L, await Resp("RENAMENX", "a", "a"));
        Assert.Equal(0L, await Resp("RENAMENX", "a", "s"));
        Assert.Equal("OK", await Resp("RENAME", "a", "s"));
        Assert.Equal(0L, await Resp("EXISTS", "a"));
        Assert.Equal("string", await Resp("TYPE", "s"));
        Assert.Equal("1", await Resp("GET", "s"));
        Assert.Equal(100_000L, await Resp("PTTL", "s"));
        Assert.Equal(1L, await Resp("RENAMENX", "s", "b"));
        Assert.Equal(100_000L, await Resp("PTTL", "b"));
        Assert.Equal(2L, await Resp("SADD", "set", "x", "y"));
        Assert.Equal("OK", await Resp("RENAME", "set", "b"));
        Assert.Equal(-1L, await Resp("PTTL", "b"));
        Assert.Equal(2L, await Resp("SCARD", "b"));
        Assert.Equal(1L, await Resp("DBSIZE"));

        Assert.Equal("ERR: no such key", await Line("RENAME nokey x"));
        Assert.Equal("OK", await Line("RENAME b c"));
        Assert.Equal("0", await Line("RENAMENX c c"));
        Assert.Equal("1", await Line("RENAMENX c d"));
        Assert.Equal("set", await Line("TYPE d"));
    }

    [Fact]
    public async Task COPY_clones_value_and_ttl()
    {
        Assert.Equal(new RespError("ERR source and destination objects are the same"), await Resp("COPY", "nokey", "nokey"));
        Assert.Equal(0L, await Resp("COPY", "nokey", "x"));
        Assert.Equal(3L, await Resp("SADD", "s", "a", "b", "c"));
        Assert.Equal(1L, await Resp("PEXPIRE", "s", "50000"));
        Assert.Equal(1L, await Resp("COPY", "s", "t"));
        Assert.Equal(50_000L, await Resp("PTTL", "t"));
        Assert.Equal(1L, await Resp("SREM", "t", "a"));
        Assert.Equal(3L, await Resp("SCARD", "s"));
        Assert.Equal(2L, await Resp("SCARD", "t"));

        Assert.Equal("OK", await Resp("SET", "str", "hello"));
        Assert.Equal(0L, await Resp("COPY", "str", "t"));
        Assert.Equal(1L, await Resp("COPY", "str", "t", "REPLACE", "DB", "0"));
        Assert.Equal("hello", await Resp("GET", "t"));
        Assert.Equal(-1L, await Resp("PTTL", "t"));
        Assert.Equal("OK", await Resp("SET", "str", "changed"));
        Assert.Equal("hello", await Resp("GET", "t"));

        Assert.Equal(new RespError("ERR DB index is out of range"), await Resp("COPY", "str", "u", "DB", "1"));
        Assert.Equal(new RespError("ERR DB index is out of range"), await Resp("COPY", "nokey", "nokey", "DB", "16"));
        Assert.Equal(new RespError("ERR value is not an integer or out of range"), await Resp("COPY", "str", "u", "DB", "x"));
        Assert.Equal(new RespError("ERR syntax error"), await Resp("COPY", "str", "u", "DB"));
        Assert.Equal(new RespError("ERR syntax error"), await Resp("COPY", "str", "u", "FOO"));
        Assert.Equal(0L, await Resp("EXISTS", "u"));

        Assert.Equal("1", await Line("COPY str u"));
        Assert.Equal("0", await Line("COPY str u"));
        Assert.Equal("ERR: DB index is out of range", await Line("COPY str u DB 3"));
        Assert.Equal("ERR: source and destination objects are the same", await Line("COPY u u"));
    }

    [Fact]
    public async Task Renamed_and_copied_keys_expire_on_the_clock()
    {
        Assert.Equal("OK", await Resp("SET", "a", "1", "PX", "1000"));
        Assert.Equal(1L, await Resp("COPY", "a", "b"));
        Assert.Equal("OK", await Resp("RENAME", "a", "c"));
        _server.FakeTime.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(0L, await Resp("EXISTS", "a", "b", "c"));
        Assert.Equal(0L, await Resp("DBSIZE"));
    }

    [Fact]
    public async Task RENAME_and_COPY_within_one_shard_and_under_the_memory_cap()
    {
        // One shard: source and destination always share a lock, which both slots take again inside LockKeys.
        await using var server = await InProcessServer.StartAsync(store: new MiniStore.Core.StoreOptions { ShardCount = 1, MaxMemoryBytes = 64 * 1024, EvictionPolicy = MiniStore.Core.EvictionPolicy.NoEviction });
        await using var c = await RespClient.ConnectAsync(server.Port);
        Assert.Equal(2L, await c.CommandAsync("SADD", "s", "a", "b"));
        Assert.Equal("OK", await c.CommandAsync("SET", "str", "v"));
        Assert.Equal("OK", await c.CommandAsync("RENAME", "s", "str"));
        Assert.Equal("set", await c.CommandAsync("TYPE", "str"));
        Assert.Equal(1L, await c.CommandAsync("COPY", "str", "t"));
        Assert.Equal(1L, await c.CommandAsync("RENAMENX", "t", "u"));
        Assert.Equal(2L, await c.CommandAsync("DBSIZE"));
        Assert.Equal(2L, await c.CommandAsync("SCARD", "u"));

        // A copy that would pass the cap is refused and changes nothing.
        Assert.Equal("OK", await c.CommandAsync("SET", "big", new string('x', 40 * 1024)));
        Assert.StartsWith("OOM", Assert.IsType<RespError>(await c.CommandAsync("COPY", "big", "big2")).Message, StringComparison.Ordinal);
        Assert.Equal(0L, await c.CommandAsync("EXISTS", "big2"));
        Assert.Equal(1L, await c.CommandAsync("DEL", "big"));
    }

    private async Task<IReadOnlyList<string>> ScanAllAsync(params string[] options)
    {
        var seen = new List<string>();
        var cursor = "0";
        var calls = 0;
        do
        {
            var reply = Assert.IsType<object?[]>(await Resp(["SCAN", cursor, .. options]));
            cursor = Assert.IsType<string>(reply[0]);
            seen.AddRange(Assert.IsType<object?[]>(reply[1]).Cast<string>());
            Assert.True(++calls < 10_000, "SCAN did not finish");
        }
        while (cursor != "0");

        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        return seen.Order(StringComparer.Ordinal).ToList();
    }
}
