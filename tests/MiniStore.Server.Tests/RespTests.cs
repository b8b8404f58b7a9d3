using System.Text;

namespace MiniStore.Server.Tests;

/// <summary>RESP2/RESP3 on the same port (protocol.md B), over raw sockets with Redis's exact texts.</summary>
public sealed class RespTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Authentication_flow_uses_Redis_texts()
    {
        await using var client = await RespClient.ConnectAsync(_server.Port, password: null);
        Assert.Equal(new RespError("NOAUTH Authentication required."), await client.CommandAsync("GET", "k"));
        Assert.Equal(new RespError("NOAUTH Authentication required."), await client.CommandAsync("PING"));
        Assert.Equal(new RespError("WRONGPASS invalid username-password pair or user is disabled."), await client.CommandAsync("AUTH", "nope"));
        Assert.Equal(new RespError("WRONGPASS invalid username-password pair or user is disabled."), await client.CommandAsync("AUTH", "alice", InProcessServer.Password));
        Assert.Equal("OK", await client.CommandAsync("AUTH", "default", InProcessServer.Password));
        Assert.Equal("PONG", await client.CommandAsync("PING"));
    }

    [Fact]
    public async Task HELLO_3_with_AUTH_switches_to_RESP3()
    {
        await using var client = await RespClient.ConnectAsync(_server.Port, password: null);
        var hello = Assert.IsType<Dictionary<string, object?>>(await client.CommandAsync("HELLO", "3", "AUTH", "default", InProcessServer.Password, "SETNAME", "tester"));
        Assert.Equal(3L, hello["proto"]);
        Assert.Equal("redis", hello["server"]);
        Assert.Null(await client.CommandAsync("GET", "missing"));
        Assert.Equal("tester", await client.CommandAsync("CLIENT", "GETNAME"));
        var config = Assert.IsType<Dictionary<string, object?>>(await client.CommandAsync("CONFIG", "GET", "maxmemory"));
        Assert.Equal("0", config["maxmemory"]);
    }

    [Fact]
    public async Task HELLO_variants()
    {
        await using var client = await RespClient.ConnectAsync(_server.Port, password: null);
        Assert.StartsWith("NOAUTH HELLO must be called", ((RespError)(await client.CommandAsync("HELLO", "3"))!).Message, StringComparison.Ordinal);
        Assert.Equal(new RespError("NOPROTO unsupported protocol version"), await client.CommandAsync("HELLO", "4"));
        var hello2 = Assert.IsType<object?[]>(await client.CommandAsync("HELLO", "2", "AUTH", "default", InProcessServer.Password));
        Assert.Equal(14, hello2.Length);
        Assert.Equal("proto", hello2[4]);
        Assert.Equal(2L, hello2[5]);
    }

    [Fact]
    public async Task Commands_and_errors_match_Redis()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await c.CommandAsync("SET", "k", "v"));
        Assert.Equal("v", await c.CommandAsync("GET", "k"));
        Assert.Null(await c.CommandAsync("GET", "missing"));
        Assert.Equal("v", await c.CommandAsync("SET", "k", "v2", "GET"));
        Assert.Null(await c.CommandAsync("SET", "k", "v3", "NX"));
        Assert.Equal("OK", await c.CommandAsync("SET", "k", "v3", "XX", "EX", "100"));
        Assert.Equal(100L, await c.CommandAsync("TTL", "k"));
        Assert.Equal(100_000L, await c.CommandAsync("PTTL", "k"));
        Assert.Equal("v3", await c.CommandAsync("GETEX", "k", "PERSIST"));
        Assert.Equal(-1L, await c.CommandAsync("TTL", "k"));
        Assert.Equal(2L, await c.CommandAsync("EXISTS", "k", "k", "nope"));
        Assert.Equal(1L, await c.CommandAsync("DBSIZE"));
        Assert.Equal(1L, await c.CommandAsync("DEL", "k", "nope"));
        Assert.Equal("PONG", await c.CommandAsync("PING"));
        Assert.Equal("hi", await c.CommandAsync("PING", "hi"));
        Assert.Equal("echo me", await c.CommandAsync("ECHO", "echo me"));
        Assert.Equal("OK", await c.CommandAsync("SELECT", "0"));
        Assert.Equal(new RespError("ERR DB index is out of range"), await c.CommandAsync("SELECT", "1"));
        Assert.Equal("OK", await c.CommandAsync("SETEX", "sx", "50", "v"));
        Assert.Equal(50L, await c.CommandAsync("TTL", "sx"));
        Assert.Equal("OK", await c.CommandAsync("PSETEX", "sx", "1500", "v"));
        Assert.Equal(1500L, await c.CommandAsync("PTTL", "sx"));
        Assert.Equal(new RespError("ERR invalid expire time in 'setex' command"), await c.CommandAsync("SETEX", "sx", "0", "v"));
        Assert.Equal(new RespError("ERR value is not an integer or out of range"), await c.CommandAsync("SETEX", "sx", "ten", "v"));
        Assert.Equal(0L, await c.CommandAsync("SETNX", "sx", "v"));
        Assert.Equal(1L, await c.CommandAsync("SETNX", "nx", "v"));
        Assert.Equal(2L, await c.CommandAsync("UNLINK", "sx", "nx"));
        Assert.Equal("OK", await c.CommandAsync("FLUSHALL"));

        Assert.Equal(new RespError("ERR wrong number of arguments for 'get' command"), await c.CommandAsync("GET"));
        Assert.Equal(new RespError("ERR wrong number of arguments for 'set' command"), await c.CommandAsync("set", "k"));
        Assert.Equal(new RespError("ERR syntax error"), await c.CommandAsync("SET", "k", "v", "NX", "XX"));
        Assert.Equal(new RespError("ERR invalid expire time in 'set' command"), await c.CommandAsync("SET", "k", "v", "EX", "0"));
        Assert.Equal(new RespError("ERR value is not an integer or out of range"), await c.CommandAsync("SET", "k", "v", "EX", "abc"));
        Assert.Null(await c.CommandAsync("GETEX", "k", "PX", "-5"));
        Assert.Equal("OK", await c.CommandAsync("SET", "k", "v"));
        Assert.Equal(new RespError("ERR invalid expire time in 'getex' command"), await c.CommandAsync("GETEX", "k", "PX", "-5"));
        Assert.Equal(new RespError("ERR value is not an integer or out of range"), await c.CommandAsync("GETEX", "k", "EXAT", "soon"));
        Assert.Equal(new RespError("ERR unknown command 'NOPE', with args beginning with: 'a' 'b' "), await c.CommandAsync("NOPE", "a", "b"));
    }

    [Fact]
    public async Task Handshake_commands_that_clients_send()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await c.CommandAsync("CLIENT", "SETNAME", "app"));
        Assert.Equal("app", await c.CommandAsync("CLIENT", "GETNAME"));
        Assert.IsType<long>(await c.CommandAsync("CLIENT", "ID"));
        Assert.Contains("name=app", (string)(await c.CommandAsync("CLIENT", "INFO"))!, StringComparison.Ordinal);
        Assert.Equal("OK", await c.CommandAsync("CLIENT", "SETINFO", "LIB-NAME", "tests"));
        var count = (long)(await c.CommandAsync("COMMAND", "COUNT"))!;
        Assert.Equal(count, Assert.IsType<object?[]>(await c.CommandAsync("COMMAND")).Length);
        Assert.Equal(count * 2, Assert.IsType<object?[]>(await c.CommandAsync("COMMAND", "DOCS")).Length);
        var config = Assert.IsType<object?[]>(await c.CommandAsync("CONFIG", "GET", "save"));
        Assert.Equal(new object?[] { "save", string.Empty }, config);
        Assert.Equal(new object?[] { "port", _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) }, await c.CommandAsync("CONFIG", "GET", "port"));
        var many = Assert.IsType<object?[]>(await c.CommandAsync("CONFIG", "GET", "maxmemory*"));
        Assert.Equal(4, many.Length);
        var info = (string)(await c.CommandAsync("INFO"))!;
        Assert.Contains("# Server\r\nredis_version:", info, StringComparison.Ordinal);
        Assert.Contains("keyspace_hits:", info, StringComparison.Ordinal);
        var clients = (string)(await c.CommandAsync("INFO", "clients"))!;
        Assert.StartsWith("# Clients\r\nconnected_clients:", clients, StringComparison.Ordinal);
        Assert.DoesNotContain("# Server", clients, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_keys_and_values_with_CR_LF_and_NUL_round_trip()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        var key = new byte[] { 0, 13, 10, (byte)'k', 255 };
        var value = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        Assert.Equal("OK", await c.CommandAsync("SET", key, value));
        Assert.Equal(Encoding.Latin1.GetString(value), await c.CommandAsync("GET", key));
    }

    [Fact]
    public async Task Five_thousand_pipelined_requests_in_one_write()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        var batch = new MemoryStream();
        for (var i = 0; i < 5_000; i++)
        {
            batch.Write(RespClient.Encode("SET", $"p{i}", $"v{i}"));
            batch.Write(RespClient.Encode("GET", $"p{i}"));
        }

        await c.SendAsync(batch.ToArray());
        for (var i = 0; i < 5_000; i++)
        {
            Assert.Equal("OK", c.ReadReply());
            Assert.Equal($"v{i}", c.ReadReply());
        }
    }

    [Fact]
    public async Task A_frame_sent_one_byte_per_write_is_served()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        foreach (var b in RespClient.Encode("SET", "slow", "drip"))
        {
            await c.SendAsync(new[] { b });
        }

        Assert.Equal("OK", c.ReadReply());
        Assert.Equal("drip", await c.CommandAsync("GET", "slow"));
    }

    [Theory]
    [InlineData("*2\r\n$3\r\nGET\r\n:1\r\n")]
    [InlineData("*1\r\n$abc\r\nPING\r\n")]
    [InlineData("*x\r\n")]
    [InlineData("*1\r\n$4\r\nPINGxx")]
    public async Task A_malformed_frame_gets_a_protocol_error_and_the_connection_closes(string frame)
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        await c.SendAsync(Encoding.ASCII.GetBytes(frame));
        var error = Assert.IsType<RespError>(c.ReadReply());
        Assert.StartsWith("ERR Protocol error: ", error.Message, StringComparison.Ordinal);
        Assert.True(c.WaitForClose());
    }

    [Fact]
    public async Task A_RESP_request_switches_a_line_connection_to_RESP_for_good()
    {
        await using var line = await _server.ConnectAsync();
        Assert.Equal("OK", await line.CommandAsync("SET mixed \"a b\""));
        await line.SendAsync(RespClient.Encode("GET", "mixed"));
        Assert.Equal("$3\r", await line.ReadLineAsync());
        Assert.Equal("a b\r", await line.ReadLineAsync());

        // From now on a line is an inline command, answered in RESP.
        Assert.Equal("$3\r", await line.CommandAsync("GET mixed"));
        Assert.Equal("a b\r", await line.ReadLineAsync());
        Assert.Equal("+OK\r", await line.CommandAsync("SET other x"));
    }

    [Fact]
    public async Task Before_authentication_frames_are_limited_like_Redis()
    {
        await using (var tooMany = await RespClient.ConnectAsync(_server.Port, password: null))
        {
            await tooMany.SendAsync(RespClient.Encode(Enumerable.Range(0, 11).Select(i => (object)$"a{i}").ToArray()));
            Assert.Equal(new RespError("ERR Protocol error: unauthenticated multibulk length"), tooMany.ReadReply());
            Assert.True(tooMany.WaitForClose());
        }

        await using var tooBig = await RespClient.ConnectAsync(_server.Port, password: null);
        await tooBig.SendAsync(RespClient.Encode("AUTH", new string('x', 17 * 1024)));
        Assert.StartsWith("ERR Protocol error: ", ((RespError)tooBig.ReadReply()!).Message, StringComparison.Ordinal);
        Assert.True(tooBig.WaitForClose());
    }

    [Fact]
    public async Task After_authentication_a_bulk_over_proto_max_bulk_len_is_refused_and_closed()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        var header = Encoding.ASCII.GetBytes($"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n${_server.Settings.ProtoMaxBulkLen + 1}\r\n");
        await c.SendAsync(header);
        await c.SendAsync(new byte[256 * 1024]);
        Assert.Equal(new RespError("ERR Protocol error: invalid bulk length"), c.ReadReply());
        Assert.True(c.WaitForClose());
    }

    /// <summary>RESP bulk strings have Redis's limit (512 MiB), not the line dialect's 1 MiB request limit.</summary>
    [Fact]
    public async Task A_4_MiB_value_is_stored_over_RESP()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        var value = new string('v', 4 * 1024 * 1024);
        Assert.Equal("OK", await c.CommandAsync("SET", "big", value));
        Assert.Equal(value, await c.CommandAsync("GET", "big"));
        Assert.Equal("PONG", await c.CommandAsync("PING"));
    }
}
