using System.Globalization;

namespace MiniStore.Server.Tests;

/// <summary>CLIENT, CONFIG, INFO, TIME, FLUSHDB and MONITOR as Redis 7.0 answers them. Time is the fake clock.</summary>
public sealed class AdminCommandTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CLIENT_LIST_shows_every_client_with_Redis_fields()
    {
        await using var a = await RespClient.ConnectAsync(_server.Port);
        await using var b = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await b.CommandAsync("CLIENT", "SETNAME", "worker-2"));
        var list = (string)(await a.CommandAsync("CLIENT", "LIST"))!;
        var lines = list.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        foreach (var field in new[] { "id=", " addr=127.0.0.1:", " laddr=127.0.0.1:", " fd=", " age=", " idle=", " flags=N", " db=0", " cmd=", " user=default", " resp=2" })
        {
            Assert.All(lines, l => Assert.Contains(field, l, StringComparison.Ordinal));
        }

        Assert.Contains(lines, l => l.Contains(" name=worker-2 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" cmd=client|list ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CLIENT_SETNAME_refuses_spaces_and_an_empty_name_clears()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal(new RespError("ERR Client names cannot contain spaces, newlines or special characters."), await c.CommandAsync("CLIENT", "SETNAME", "a b"));
        Assert.Equal("OK", await c.CommandAsync("CLIENT", "SETNAME", "n"));
        Assert.Equal("n", await c.CommandAsync("CLIENT", "GETNAME"));
        Assert.Equal("OK", await c.CommandAsync("CLIENT", "SETNAME", ""));
        Assert.Null(await c.CommandAsync("CLIENT", "GETNAME"));
        Assert.Equal(new RespError("ERR unknown subcommand 'FOO'. Try CLIENT HELP."), await c.CommandAsync("CLIENT", "FOO"));
        Assert.Equal(new RespError("ERR wrong number of arguments for 'client|setname' command"), await c.CommandAsync("CLIENT", "SETNAME"));
    }

    [Fact]
    public async Task CLIENT_KILL_by_id_and_by_address_closes_that_client()
    {
        await using var killer = await RespClient.ConnectAsync(_server.Port);
        await using var victim = await RespClient.ConnectAsync(_server.Port);
        await using var other = await RespClient.ConnectAsync(_server.Port);
        var id = (long)(await victim.CommandAsync("CLIENT", "ID"))!;
        Assert.Equal(1L, await killer.CommandAsync("CLIENT", "KILL", "ID", id.ToString(CultureInfo.InvariantCulture)));
        Assert.True(victim.WaitForClose());
        Assert.Equal(0L, await killer.CommandAsync("CLIENT", "KILL", "ID", id.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(new RespError("ERR client-id should be greater than 0"), await killer.CommandAsync("CLIENT", "KILL", "ID", "abc"));
        Assert.Equal(new RespError("ERR No such user 'foo'"), await killer.CommandAsync("CLIENT", "KILL", "USER", "foo"));
        Assert.Equal(new RespError("ERR No such client"), await killer.CommandAsync("CLIENT", "KILL", "1.2.3.4:5"));

        var info = (string)(await other.CommandAsync("CLIENT", "INFO"))!;
        var addr = info.Split(' ').Single(f => f.StartsWith("addr=", StringComparison.Ordinal))[5..];
        Assert.Equal("OK", await killer.CommandAsync("CLIENT", "KILL", addr));
        Assert.True(other.WaitForClose());
        Assert.Equal("PONG", await killer.CommandAsync("PING"));
    }

    [Fact]
    public async Task CLIENT_REPLY_OFF_SKIP_ON()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        await c.SendAsync(RespClient.Encode("CLIENT", "REPLY", "OFF"));
        await c.SendAsync(RespClient.Encode("SET", "k", "1"));
        await c.SendAsync(RespClient.Encode("CLIENT", "REPLY", "ON"));
        Assert.Equal("OK", c.ReadReply());
        await c.SendAsync(RespClient.Encode("CLIENT", "REPLY", "SKIP"));
        await c.SendAsync(RespClient.Encode("GET", "k"));
        Assert.Equal("1", await c.CommandAsync("GET", "k"));
    }

    [Fact]
    public async Task CLIENT_PAUSE_WRITE_holds_writes_until_the_fake_clock_passes_the_timeout()
    {
        await using var admin = await RespClient.ConnectAsync(_server.Port);
        await using var writer = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await admin.CommandAsync("CLIENT", "PAUSE", "1000", "WRITE"));
        Assert.Null(await writer.CommandAsync("GET", "k"));
        await writer.SendAsync(RespClient.Encode("SET", "k", "v"));
        await Poll.UntilAsync(async () => ((string)(await admin.CommandAsync("INFO", "clients"))!).Contains("blocked_clients:1", StringComparison.Ordinal));
        Assert.Null(await admin.CommandAsync("GET", "k"));

        _server.FakeTime.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal("OK", writer.ReadReply());
        Assert.Equal("v", await admin.CommandAsync("GET", "k"));
    }

    [Fact]
    public async Task CLIENT_PAUSE_WRITE_holds_an_EXEC_that_would_write_and_not_a_read_only_one()
    {
        await using var admin = await RespClient.ConnectAsync(_server.Port);
        await using var writer = await RespClient.ConnectAsync(_server.Port);
        await using var reader = await RespClient.ConnectAsync(_server.Port);
        // Queued before the pause (Redis 7.0 holds a write even while it is only being queued).
        Assert.Equal("OK", await writer.CommandAsync("MULTI"));
        Assert.Equal("QUEUED", await writer.CommandAsync("SET", "t", "v"));
        Assert.Equal("OK", await admin.CommandAsync("CLIENT", "PAUSE", "1000", "WRITE"));

        Assert.Equal("OK", await reader.CommandAsync("MULTI"));
        Assert.Equal("QUEUED", await reader.CommandAsync("GET", "t"));
        Assert.Equal(new object?[] { null }, await reader.CommandAsync("EXEC"));

        await writer.SendAsync(RespClient.Encode("EXEC"));
        await Poll.UntilAsync(async () => ((string)(await admin.CommandAsync("INFO", "clients"))!).Contains("blocked_clients:1", StringComparison.Ordinal));
        Assert.Null(await admin.CommandAsync("GET", "t"));

        _server.FakeTime.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(new object?[] { "OK" }, writer.ReadReply());
        Assert.Equal("v", await admin.CommandAsync("GET", "t"));
    }

    [Fact]
    public async Task CLIENT_UNPAUSE_releases_held_commands_and_bad_arguments_are_refused()
    {
        await using var admin = await RespClient.ConnectAsync(_server.Port);
        await using var writer = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal(new RespError("ERR timeout is not an integer or out of range"), await admin.CommandAsync("CLIENT", "PAUSE", "abc"));
        Assert.Equal(new RespError("ERR timeout is negative"), await admin.CommandAsync("CLIENT", "PAUSE", "-1"));
        Assert.Equal(new RespError("ERR CLIENT PAUSE mode must be WRITE or ALL"), await admin.CommandAsync("CLIENT", "PAUSE", "10", "foo"));
        Assert.Equal("OK", await admin.CommandAsync("CLIENT", "PAUSE", "100000", "WRITE"));
        await writer.SendAsync(RespClient.Encode("DEL", "k"));
        await Poll.UntilAsync(async () => ((string)(await admin.CommandAsync("INFO", "clients"))!).Contains("blocked_clients:1", StringComparison.Ordinal));
        Assert.Equal("OK", await admin.CommandAsync("CLIENT", "UNPAUSE"));
        Assert.Equal(0L, writer.ReadReply());
    }

    [Fact]
    public async Task MONITOR_streams_other_clients_commands_but_never_passwords()
    {
        await using var monitor = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await monitor.CommandAsync("MONITOR"));
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await c.CommandAsync("SET", "k", "a \"quoted\"\nvalue"));
        var line = (string)monitor.ReadReply()!;
        Assert.Matches(@"^[0-9]+\.[0-9]{6} \[0 127\.0\.0\.1:[0-9]+\] ""SET"" ""k"" ""a \\""quoted\\""\\nvalue""$", line);
        Assert.DoesNotContain("AUTH", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CONFIG_SET_applies_live_and_refuses_bad_values_whole()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await c.CommandAsync("CONFIG", "SET", "maxmemory", "10mb", "maxmemory-policy", "noeviction"));
        Assert.Equal(new object?[] { "maxmemory", "10485760" }, await c.CommandAsync("CONFIG", "GET", "maxmemory"));
        Assert.Equal(new object?[] { "maxmemory-policy", "noeviction" }, await c.CommandAsync("CONFIG", "GET", "maxmemory-policy"));
        Assert.Equal(new RespError("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value"),
            await c.CommandAsync("CONFIG", "SET", "maxmemory", "abc"));
        Assert.Equal(new RespError("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter"),
            await c.CommandAsync("CONFIG", "SET", "maxmemory", "1", "maxmemory", "2"));
        Assert.Equal(new RespError("ERR Unknown option or number of arguments for CONFIG SET - 'foo'"), await c.CommandAsync("CONFIG", "SET", "foo", "bar"));
        Assert.Equal(new object?[] { "maxmemory", "10485760" }, await c.CommandAsync("CONFIG", "GET", "maxmemory"));

        // Below what the keys use now: a noeviction store refuses writes at once.
        Assert.Equal("OK", await c.CommandAsync("SET", "k", new string('x', 1000)));
        Assert.Equal("OK", await c.CommandAsync("CONFIG", "SET", "maxmemory", "100"));
        Assert.Equal(new RespError("OOM command not allowed when used memory > 'maxmemory'."), await c.CommandAsync("SET", "k2", "v"));
        Assert.Equal("OK", await c.CommandAsync("CONFIG", "SET", "maxmemory", "0"));
        Assert.Equal("OK", await c.CommandAsync("SET", "k2", "v"));
    }

    [Fact]
    public async Task CONFIG_SET_proto_max_bulk_len_reaches_connections_already_open()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        await using var admin = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await admin.CommandAsync("CONFIG", "SET", "proto-max-bulk-len", "1mb"));
        await c.SendAsync(System.Text.Encoding.ASCII.GetBytes($"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n${(1024 * 1024) + 1}\r\n"));
        Assert.Equal(new RespError("ERR Protocol error: invalid bulk length"), c.ReadReply());
    }

    [Fact]
    public async Task CONFIG_RESETSTAT_zeroes_the_totals()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Null(await c.CommandAsync("GET", "missing"));
        Assert.Equal("OK", await c.CommandAsync("CONFIG", "RESETSTAT"));
        var stats = (string)(await c.CommandAsync("INFO", "stats"))!;
        Assert.Contains("keyspace_misses:0\r\n", stats, StringComparison.Ordinal);
    }

    [Fact]
    public async Task INFO_takes_several_sections_and_has_cpu()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        var text = (string)(await c.CommandAsync("INFO", "server", "CPU"))!;
        Assert.StartsWith("# Server\r\n", text, StringComparison.Ordinal);
        Assert.Contains("# CPU\r\nused_cpu_sys:", text, StringComparison.Ordinal);
        Assert.Contains("used_cpu_user:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("# Memory", text, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await c.CommandAsync("INFO", "nosuchsection"));
        foreach (var all in new[] { "all", "everything", "default" })
        {
            Assert.Contains("# Keyspace", (string)(await c.CommandAsync("INFO", all))!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TIME_EXAT_and_PXAT_use_the_server_clock()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        var time = (object?[])(await c.CommandAsync("TIME"))!;
        var seconds = long.Parse((string)time[0]!, CultureInfo.InvariantCulture);
        Assert.Equal(_server.FakeTime.GetUtcNow().ToUnixTimeSeconds(), seconds);
        Assert.Equal("OK", await c.CommandAsync("SET", "k", "v", "EXAT", (seconds + 100).ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(100L, await c.CommandAsync("TTL", "k"));
        Assert.Equal("v", await c.CommandAsync("GETEX", "k", "PXAT", ((seconds + 50) * 1000).ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(50L, await c.CommandAsync("TTL", "k"));
        Assert.Equal("OK", await c.CommandAsync("SET", "k", "v", "EXAT", "1"));
        Assert.Equal(0L, await c.CommandAsync("EXISTS", "k"));
        Assert.Equal(new RespError("ERR invalid expire time in 'set' command"), await c.CommandAsync("SET", "k", "v", "EXAT", "0"));
    }

    [Fact]
    public async Task FLUSHDB_empties_the_keyspace()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await c.CommandAsync("SET", "k", "v"));
        Assert.Equal(new RespError("ERR syntax error"), await c.CommandAsync("FLUSHDB", "x"));
        Assert.Equal("OK", await c.CommandAsync("FLUSHDB", "ASYNC"));
        Assert.Equal(0L, await c.CommandAsync("DBSIZE"));
    }
}
