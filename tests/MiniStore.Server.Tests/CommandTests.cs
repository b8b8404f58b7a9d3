namespace MiniStore.Server.Tests;

/// <summary>Every command of protocol.md A.4 with its exact replies, over a real socket.</summary>
public sealed class CommandTests : IAsyncLifetime
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
    public async Task PING_with_and_without_message()
    {
        Assert.Equal("PONG", await Do("PING"));
        Assert.Equal("hello world", await Do("PING \"hello world\""));
        Assert.Equal("ERR: invalid arguments", await Do("PING a b"));
    }

    [Fact]
    public async Task Command_names_are_case_insensitive_and_keys_are_not()
    {
        Assert.Equal("OK", await Do("set Key v1"));
        Assert.Equal("OK", await Do("SeT key v2"));
        Assert.Equal("v1", await Do("get Key"));
        Assert.Equal("v2", await Do("GET key"));
    }

    [Fact]
    public async Task GET_and_SET_basic()
    {
        Assert.Equal("(nil)", await Do("GET missing"));
        Assert.Equal("OK", await Do("SET k v"));
        Assert.Equal("v", await Do("GET k"));
        Assert.Equal("ERR: invalid arguments", await Do("GET"));
        Assert.Equal("ERR: invalid arguments", await Do("GET a b"));
        Assert.Equal("ERR: invalid arguments", await Do("SET k"));
    }

    [Fact]
    public async Task SET_NX_XX_and_GET_options()
    {
        Assert.Equal("(nil)", await Do("SET k v XX"));
        Assert.Equal("OK", await Do("SET k v1 NX"));
        Assert.Equal("(nil)", await Do("SET k v2 NX"));
        Assert.Equal("v1", await Do("GET k"));
        Assert.Equal("OK", await Do("SET k v3 XX"));
        Assert.Equal("v3", await Do("SET k v4 GET"));
        Assert.Equal("(nil)", await Do("SET other v GET"));
        Assert.Equal("v4", await Do("SET k v5 NX GET"));
        Assert.Equal("v4", await Do("GET k"));
        Assert.Equal("(nil)", await Do("SET absent v XX GET"));
        Assert.Equal("(nil)", await Do("GET absent"));
    }

    [Fact]
    public async Task SET_errors_follow_the_precedence_of_the_spec()
    {
        Assert.Equal("ERR: unknown command 'SETT'", await Do("SETT k v"));
        Assert.Equal("ERR: invalid arguments", await Do("SET k"));
        Assert.Equal("ERR: syntax error", await Do("SET k v NX XX"));
        Assert.Equal("ERR: syntax error", await Do("SET k v EX 10 PX 100"));
        Assert.Equal("ERR: syntax error", await Do("SET k v EX 10 KEEPTTL"));
        Assert.Equal("ERR: syntax error", await Do("SET k v BOGUS"));
        Assert.Equal("ERR: syntax error", await Do("SET k v EX"));
        Assert.Equal("ERR: syntax error", await Do("SET k v EX -5 NX XX"));
        Assert.Equal("ERR: invalid expire time", await Do("SET k v EX 0"));
        Assert.Equal("ERR: invalid expire time", await Do("SET k v PX -1"));
        Assert.Equal("ERR: invalid expire time", await Do("SET k v EX abc"));
        Assert.Equal("ERR: invalid expire time", await Do("SET k v EX 9223372036854775807"));
        Assert.Equal("ERR: invalid expire time", await Do("SET k v PX 9223372036854775807"));
        Assert.Equal("(nil)", await Do("GET k"));
        Assert.Equal("OK", await Do("SET k v EX 10 EX 20"));
        Assert.Equal("20", await Do("TTL k"));
    }

    [Fact]
    public async Task TTL_and_PTTL_round_like_Redis_with_a_fake_clock()
    {
        Assert.Equal("-2", await Do("TTL k"));
        Assert.Equal("-2", await Do("PTTL k"));
        Assert.Equal("OK", await Do("SET k v"));
        Assert.Equal("-1", await Do("TTL k"));
        Assert.Equal("-1", await Do("PTTL k"));
        Assert.Equal("OK", await Do("SET k v PX 2600"));
        Assert.Equal("2600", await Do("PTTL k"));
        Assert.Equal("3", await Do("TTL k"));
        _server.FakeTime.Advance(TimeSpan.FromMilliseconds(1101));
        Assert.Equal("1499", await Do("PTTL k"));
        Assert.Equal("1", await Do("TTL k"));
        _server.FakeTime.Advance(TimeSpan.FromMilliseconds(1499));
        Assert.Equal("(nil)", await Do("GET k"));
        Assert.Equal("-2", await Do("TTL k"));
    }

    [Fact]
    public async Task Expired_key_is_never_returned_counted_or_reported()
    {
        Assert.Equal("OK", await Do("SET k v PX 100"));
        _server.FakeTime.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal("v", await Do("GET k"));
        Assert.Equal("1", await Do("DBSIZE"));
        _server.FakeTime.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("(nil)", await Do("GET k"));
        Assert.Equal("0", await Do("EXISTS k"));
        Assert.Equal("0", await Do("DBSIZE"));
        Assert.Equal("-2", await Do("PTTL k"));
    }

    [Fact]
    public async Task SET_without_KEEPTTL_clears_the_expiry_and_KEEPTTL_keeps_it()
    {
        Assert.Equal("OK", await Do("SET k v EX 100"));
        Assert.Equal("OK", await Do("SET k v2 KEEPTTL"));
        Assert.Equal("100", await Do("TTL k"));
        Assert.Equal("OK", await Do("SET k v3"));
        Assert.Equal("-1", await Do("TTL k"));
    }

    [Fact]
    public async Task GETEX_reads_and_changes_expiry()
    {
        Assert.Equal("(nil)", await Do("GETEX k EX 10"));
        Assert.Equal("OK", await Do("SET k v"));
        Assert.Equal("v", await Do("GETEX k"));
        Assert.Equal("-1", await Do("TTL k"));
        Assert.Equal("v", await Do("GETEX k EX 10"));
        Assert.Equal("10", await Do("TTL k"));
        Assert.Equal("v", await Do("GETEX k PX 2500"));
        Assert.Equal("2500", await Do("PTTL k"));
        Assert.Equal("v", await Do("GETEX k PERSIST"));
        Assert.Equal("-1", await Do("TTL k"));
        Assert.Equal("ERR: syntax error", await Do("GETEX k EX 10 PERSIST"));
        Assert.Equal("ERR: syntax error", await Do("GETEX k KEEPTTL"));
        Assert.Equal("ERR: invalid expire time", await Do("GETEX k EX 0"));
        Assert.Equal("ERR: invalid arguments", await Do("GETEX"));
    }

    [Fact]
    public async Task DEL_and_EXISTS_count_keys_and_duplicates()
    {
        Assert.Equal("OK", await Do("SET a 1"));
        Assert.Equal("OK", await Do("SET b 2"));
        Assert.Equal("3", await Do("EXISTS a b a c"));
        Assert.Equal("2", await Do("DEL a b c"));
        Assert.Equal("0", await Do("DEL a"));
        Assert.Equal("0", await Do("EXISTS a b"));
        Assert.Equal("ERR: invalid arguments", await Do("DEL"));
        Assert.Equal("ERR: invalid arguments", await Do("EXISTS"));
    }

    [Fact]
    public async Task DBSIZE_FLUSHALL_and_INFO()
    {
        Assert.Equal("0", await Do("DBSIZE"));
        Assert.Equal("OK", await Do("SET a 1"));
        Assert.Equal("OK", await Do("SET b 2 EX 100"));
        Assert.Equal("1", await Do("GET a"));
        Assert.Equal("(nil)", await Do("GET zz"));
        Assert.Equal("2", await Do("DBSIZE"));

        var info = InfoFields.Parse(await Do("INFO"));
        foreach (var field in new[] { "version", "uptime_seconds", "connected_clients", "keys", "keys_with_expiry", "expired_keys", "evicted_keys", "used_memory", "maxmemory", "total_commands", "keyspace_hits", "keyspace_misses", "auth_failures" })
        {
            Assert.True(info.ContainsKey(field), $"INFO lacks {field}");
        }

        Assert.Equal(2, info.Long("keys"));
        Assert.Equal(1, info.Long("keys_with_expiry"));
        Assert.Equal(1, info.Long("keyspace_hits"));
        Assert.Equal(1, info.Long("keyspace_misses"));
        Assert.Equal(1, info.Long("connected_clients"));
        Assert.Equal(1, info.Long("authenticated_clients"));
        Assert.True(info.Long("used_memory") > 0);
        Assert.True(info.Long("total_commands") >= 7);

        Assert.Equal("OK", await Do("FLUSHALL"));
        Assert.Equal("0", await Do("DBSIZE"));
        Assert.Equal("(nil)", await Do("GET a"));
        Assert.Equal(0, InfoFields.Parse(await Do("INFO")).Long("used_memory"));
    }

    [Fact]
    public async Task INFO_counts_the_commands_pipelined_before_it()
    {
        await _client.SendAsync("SET p 1\r\nGET p\r\nGET nope\r\nINFO\r\n");
        Assert.Equal("OK", await _client.ReadLineAsync());
        Assert.Equal("1", await _client.ReadLineAsync());
        Assert.Equal("(nil)", await _client.ReadLineAsync());
        var info = InfoFields.Parse(await _client.ReadLineAsync());
        Assert.Equal(1, info.Long("keyspace_hits"));
        Assert.Equal(1, info.Long("keyspace_misses"));
        Assert.True(info.Long("total_commands") >= 4);
    }

    [Fact]
    public async Task Unknown_command_and_unbalanced_quotes_keep_the_connection()
    {
        Assert.Equal("ERR: unknown command 'FOO'", await Do("FOO bar"));
        Assert.Equal("ERR: unbalanced quotes", await Do("SET k \"abc"));
        Assert.Equal("ERR: unbalanced quotes", await Do("SET k 'abc"));
        Assert.Equal("PONG", await Do("PING"));
    }

    [Fact]
    public async Task Multi_element_replies_are_header_lines_in_the_line_dialect()
    {
        Assert.Equal("*2", await Do("CONFIG GET maxmemory"));
        Assert.Equal("maxmemory", await _client.ReadLineAsync());
        Assert.Equal("0", await _client.ReadLineAsync());
        Assert.Equal("*2", await Do("TIME"));
        Assert.Matches("^[0-9]+$", await _client.ReadLineAsync());
        Assert.Matches("^[0-9]+$", await _client.ReadLineAsync());
        Assert.Equal("OK", await Do("SET k *star"));
        Assert.Equal("\"*star\"", await Do("GET k"));
        Assert.Matches("^[0-9]+$", await Do("CLIENT ID"));
    }

    [Fact]
    public async Task Blank_lines_get_no_reply()
    {
        await _client.SendAsync("\r\n   \r\n\t\nPING\r\n");
        Assert.Equal("PONG", await _client.ReadLineAsync());
    }

    [Fact]
    public async Task QUIT_replies_OK_then_closes()
    {
        Assert.Equal("OK", await Do("QUIT"));
        Assert.True(await _client.WaitForCloseAsync());
    }

    [Theory]
    [InlineData("SET k \"a b\"", "a b")]
    [InlineData("SET k 'it''s'", null)]
    [InlineData("SET k \"\\x00\\x01\\xff\\r\\n\"", "\"\\0\\x01\u00ff\\r\\n\"")]
    [InlineData("SET k \"\"", "\"\"")]
    [InlineData("SET k \"(nil)\"", "\"(nil)\"")]
    [InlineData("SET k \"ERR: x\"", "\"ERR: x\"")]
    [InlineData("SET k \"\\\"quoted\"", "\"\\\"quoted\"")]
    [InlineData("SET k 'single \\' quote'", "single ' quote")]
    public async Task Values_round_trip_through_quoting(string set, string? expectedGet)
    {
        var reply = await Do(set);
        if (expectedGet is null)
        {
            Assert.Equal("ERR: unbalanced quotes", reply);
            return;
        }

        Assert.Equal("OK", reply);
        Assert.Equal(expectedGet, await Do("GET k"));
    }

    [Fact]
    public async Task Binary_keys_and_values_with_every_byte_round_trip()
    {
        var all = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        var escaped = string.Concat(all.Select(b => $"\\x{b:x2}"));
        Assert.Equal("OK", await Do($"SET \"{escaped}\" \"{escaped}\""));
        var reply = await _client.CommandAsync($"GET \"{escaped}\"");
        Assert.StartsWith("\"", reply, StringComparison.Ordinal);
        Assert.Equal(all, QuotedLine.Decode(reply));
    }
}
