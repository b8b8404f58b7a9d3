namespace MiniStore.Server.Tests;

/// <summary>
/// The dialect of a connection (protocol.md v2) and the authentication fast path, over real sockets. The fast path is
/// checked through the verifier's Argon2id counter, never by timing.
/// </summary>
public sealed class DialectAndAuthTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Inline_PING_on_a_connection_authenticated_over_RESP_gets_RESP()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        await c.SendAsync("PING\r\n"u8.ToArray());
        Assert.Equal("PONG", c.ReadReply());
        await c.SendAsync("SET k \"a b\"\r\nGET k\r\nGET missing\r\n"u8.ToArray());
        Assert.Equal("OK", c.ReadReply());
        Assert.Equal("a b", c.ReadReply());
        Assert.Null(c.ReadReply());
    }

    [Fact]
    public async Task A_PASS_connection_keeps_line_replies()
    {
        await using var line = await _server.ConnectAsync();
        Assert.Equal("PONG", await line.CommandAsync("PING"));
        Assert.Equal("(nil)", await line.CommandAsync("GET missing"));
        Assert.Equal("ERR: unknown command 'FOO'", await line.CommandAsync("FOO"));
    }

    [Fact]
    public async Task Inline_AUTH_switches_a_fresh_connection_to_RESP()
    {
        await using var line = await _server.ConnectAsync(authenticate: false);
        Assert.Equal("+OK\r", await line.CommandAsync($"AUTH \"{InProcessServer.Password}\""));
        Assert.Equal("$-1\r", await line.CommandAsync("GET missing"));
    }

    [Fact]
    public async Task Inline_HELLO_3_then_inline_commands_answer_in_RESP3()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port, password: null);
        await c.SendAsync(System.Text.Encoding.ASCII.GetBytes($"HELLO 3 AUTH default \"{InProcessServer.Password}\"\r\n"));
        var hello = Assert.IsType<Dictionary<string, object?>>(c.ReadReply());
        Assert.Equal(3L, hello["proto"]);
        await c.SendAsync("GET missing\r\nPING\r\n"u8.ToArray());
        Assert.Null(c.ReadReply());
        Assert.Equal("PONG", c.ReadReply());
    }

    [Fact]
    public async Task Unbalanced_quotes_in_an_inline_command_close_a_RESP_connection_as_Redis_does()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        await c.SendAsync("SET k \"abc\r\n"u8.ToArray());
        Assert.Equal(new RespError("ERR Protocol error: unbalanced quotes in request"), c.ReadReply());
        Assert.True(c.WaitForClose());
    }

    [Fact]
    public async Task Before_authentication_unknown_commands_and_arity_are_reported_first_as_Redis_does()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port, password: null);
        Assert.Equal(new RespError("ERR unknown command 'FOO', with args beginning with: "), await c.CommandAsync("FOO"));
        Assert.Equal(new RespError("ERR wrong number of arguments for 'get' command"), await c.CommandAsync("GET"));
        Assert.Equal(new RespError("NOAUTH Authentication required."), await c.CommandAsync("GET", "k"));
        Assert.Equal(new RespError("ERR syntax error"), await c.CommandAsync("AUTH", "a", "b", "c"));
        Assert.Equal(new RespError("ERR Protocol version is not an integer or out of range"), await c.CommandAsync("HELLO", "abc"));
        Assert.Equal("OK", await c.CommandAsync("AUTH", InProcessServer.Password));
        Assert.Equal(new RespError("ERR value is not an integer or out of range"), await c.CommandAsync("SELECT", "abc"));
        Assert.Equal(new RespError("ERR DB index is out of range"), await c.CommandAsync("SELECT", "1"));
    }

    [Fact]
    public async Task A_second_correct_AUTH_does_not_run_Argon2id()
    {
        await using (await RespClient.ConnectAsync(_server.Port))
        {
        }

        var before = _server.Verifier.Argon2Verifications;
        for (var i = 0; i < 5; i++)
        {
            await using var c = await RespClient.ConnectAsync(_server.Port);
            Assert.Equal("PONG", await c.CommandAsync("PING"));
        }

        await using var line = await _server.ConnectAsync();
        Assert.Equal(before, _server.Verifier.Argon2Verifications);
    }

    [Fact]
    public async Task A_wrong_password_never_takes_the_fast_path()
    {
        await using (await RespClient.ConnectAsync(_server.Port))
        {
        }

        var before = _server.Verifier.Argon2Verifications;
        await using var c = await RespClient.ConnectAsync(_server.Port, password: null);
        Assert.Equal(new RespError("WRONGPASS invalid username-password pair or user is disabled."), await c.CommandAsync("AUTH", "wrong"));
        Assert.Equal(new RespError("WRONGPASS invalid username-password pair or user is disabled."), await c.CommandAsync("AUTH", InProcessServer.Password + "x"));
        Assert.Equal(before + 2, _server.Verifier.Argon2Verifications);
    }

    [Fact]
    public async Task With_the_fast_path_off_every_AUTH_runs_Argon2id()
    {
        await using var server = await InProcessServer.StartAsync(authFastPath: false);
        for (var i = 0; i < 3; i++)
        {
            await using var c = await RespClient.ConnectAsync(server.Port);
        }

        Assert.Equal(3, server.Verifier.Argon2Verifications);
        Assert.False(server.Verifier.FastPathEnabled);
    }
}
