namespace MiniStore.Server.Tests;

public sealed class AuthenticationTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Commands_before_PASS_are_unauthorized()
    {
        await using var client = await _server.ConnectAsync(authenticate: false);
        Assert.Equal("Unauthorized", await client.CommandAsync("GET k"));
        Assert.Equal("Unauthorized", await client.CommandAsync("SET k v"));
        Assert.Equal("Unauthorized", await client.CommandAsync("NOSUCH thing"));
        Assert.Equal("Unauthorized", await client.CommandAsync("PING"));
    }

    [Fact]
    public async Task PASS_states_follow_the_spec()
    {
        await using var client = await _server.ConnectAsync(authenticate: false);
        Assert.Equal("ERR: invalid arguments", await client.CommandAsync("PASS"));
        Assert.Equal("ERR: invalid arguments", await client.CommandAsync("PASS a b"));
        Assert.Equal("ERR: invalid password", await client.CommandAsync("PASS wrong"));
        Assert.Equal("OK", await client.CommandAsync($"PASS \"{InProcessServer.Password}\""));
        Assert.Equal("Already authenticated", await client.CommandAsync($"PASS \"{InProcessServer.Password}\""));
        Assert.Equal("PONG", await client.CommandAsync("PING"));
    }

    [Fact]
    public async Task QUIT_before_authentication_replies_OK_and_closes()
    {
        await using var client = await _server.ConnectAsync(authenticate: false);
        Assert.Equal("ERR: invalid arguments", await client.CommandAsync("QUIT now"));
        Assert.Equal("OK", await client.CommandAsync("QUIT"));
        Assert.True(await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task Third_wrong_password_closes_the_connection_and_failures_are_counted()
    {
        await using (var client = await _server.ConnectAsync(authenticate: false))
        {
            Assert.Equal("ERR: invalid password", await client.CommandAsync("PASS one"));
            Assert.Equal("ERR: invalid password", await client.CommandAsync("PASS two"));
            Assert.Equal("ERR: invalid password", await client.CommandAsync("PASS three"));
            Assert.True(await client.WaitForCloseAsync());
        }

        await using var unauthenticated = await _server.ConnectAsync(authenticate: false);
        await using var admin = await _server.ConnectAsync();
        var info = InfoFields.Parse(await admin.CommandAsync("INFO"));
        Assert.Equal("3", info["auth_failures"]);
        Assert.Equal(1, info.Long("authenticated_clients"));
    }

    [Fact]
    public async Task Oversize_request_before_authentication_closes_the_connection()
    {
        await using var client = await _server.ConnectAsync(authenticate: false);
        await client.SendAsync("SET k " + new string('x', 64 * 1024) + "\r\n");
        Assert.Equal("ERR: request too large", await client.ReadLineAsync());
        Assert.True(await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task Pipelined_PASS_then_commands_are_served_in_order()
    {
        await using var client = await _server.ConnectAsync(authenticate: false);
        await client.SendAsync($"GET k\r\nPASS \"{InProcessServer.Password}\"\r\nSET k v\r\nGET k\r\n");
        Assert.Equal("Unauthorized", await client.ReadLineAsync());
        Assert.Equal("OK", await client.ReadLineAsync());
        Assert.Equal("OK", await client.ReadLineAsync());
        Assert.Equal("v", await client.ReadLineAsync());
    }
}
