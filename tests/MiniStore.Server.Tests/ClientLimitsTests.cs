using System.Net.Sockets;
using System.Text;

namespace MiniStore.Server.Tests;

/// <summary>maxclients, timeout and the authentication deadline, on the server's (fake) clock, never a sleep.</summary>
public sealed class ClientLimitsTests
{
    private static Task<InProcessServer> StartAsync(int maxClients = ServerSettings.DefaultMaxClients, int idleSeconds = 0) =>
        InProcessServer.StartAsync(settings: new ServerSettings { MaxClients = maxClients, IdleTimeout = TimeSpan.FromSeconds(idleSeconds) });

    private static async Task<LineClient> AuthenticatedAsync(InProcessServer server)
    {
        var client = await LineClient.ConnectAsync(server.Port);
        Assert.Equal("OK", await client.CommandAsync($"PASS \"{InProcessServer.Password}\""));
        return client;
    }

    /// <summary>Sends raw bytes on a new connection and reads everything until the server closes it.</summary>
    private static async Task<string> RefusedAsync(int port, string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(System.Net.IPAddress.Loopback, port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new StringBuilder();
        var buffer = new byte[256];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, deadline.Token)) > 0)
        {
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return received.ToString();
    }

    [Fact]
    public void Maxclients_the_open_file_limit_cannot_hold_is_lowered_to_what_fits()
    {
        var small = MiniStore.Server.Hosting.FileDescriptorLimit.For(10);
        Assert.Equal(10, small.MaxClients);

        // More than any hard limit allows (the kernel caps it at nr_open, 1,048,576 by default).
        var huge = MiniStore.Server.Hosting.FileDescriptorLimit.For(1_500_000_000);
        Assert.InRange(huge.MaxClients, 1, huge.Limit - huge.OpenAtStart - MiniStore.Server.Hosting.FileDescriptorLimit.Reserved);
    }

    [Fact]
    public async Task CONFIG_SET_maxclients_past_the_open_file_limit_is_refused_with_what_would_fit()
    {
        await using var server = await StartAsync(maxClients: 100);
        await using var client = await RespClient.ConnectAsync(server.Port);
        var refused = Assert.IsType<RespError>(await client.CommandAsync("CONFIG", "SET", "maxclients", "1500000000"));
        Assert.Matches(
            @"^ERR CONFIG SET failed \(possibly related to argument 'maxclients'\) - The operating system is not able to handle the specified number of clients, try with \d+$",
            refused.Message);
        Assert.Equal(new object?[] { "maxclients", "100" }, await client.CommandAsync("CONFIG", "GET", "maxclients"));
        Assert.Equal("OK", await client.CommandAsync("CONFIG", "SET", "maxclients", "200"));
    }

    [Fact]
    public async Task Past_maxclients_a_client_is_told_in_its_dialect_and_closed()
    {
        await using var server = await StartAsync(maxClients: 2);
        await using var first = await AuthenticatedAsync(server);
        await using var second = await RespClient.ConnectAsync(server.Port);

        Assert.Equal("ERR: max number of clients reached\n", await RefusedAsync(server.Port, "PING\n"));
        Assert.Equal("-ERR max number of clients reached\r\n", await RefusedAsync(server.Port, "*1\r\n$4\r\nPING\r\n"));
        Assert.Equal("-ERR max number of clients reached\r\n", await RefusedAsync(server.Port, "AUTH x\r\n"));

        // Those already in are served as before, and see the refusals counted.
        Assert.Equal("PONG", await first.CommandAsync("PING"));
        var info = (string)(await second.CommandAsync("INFO", "stats", "clients"))!;
        Assert.Contains("rejected_connections:3\r\n", info, StringComparison.Ordinal);
        Assert.Contains("maxclients:2\r\n", info, StringComparison.Ordinal);

        // A place given back is a place for the next client.
        await first.DisposeAsync();
        await Poll.UntilAsync(async () => (string)(await second.CommandAsync("INFO", "clients"))! is var text && text.Contains("connected_clients:1\r\n", StringComparison.Ordinal));
        await using var third = await AuthenticatedAsync(server);
        Assert.Equal("PONG", await third.CommandAsync("PING"));
    }

    [Fact]
    public async Task Config_get_and_set_maxclients_and_timeout_as_redis()
    {
        await using var server = await StartAsync();
        await using var client = await RespClient.ConnectAsync(server.Port);

        Assert.Equal(new object?[] { "maxclients", "10000" }, await client.CommandAsync("CONFIG", "GET", "maxclients"));
        Assert.Equal(new object?[] { "timeout", "0" }, await client.CommandAsync("CONFIG", "GET", "timeout"));
        Assert.Equal("OK", await client.CommandAsync("CONFIG", "SET", "maxclients", "1", "timeout", "300"));
        Assert.Equal(new object?[] { "timeout", "300", "maxclients", "1" }, await client.CommandAsync("CONFIG", "GET", "maxclients", "timeout"));
        Assert.Equal("-ERR max number of clients reached\r\n", await RefusedAsync(server.Port, "*1\r\n$4\r\nPING\r\n"));

        Assert.Equal(
            new RespError("ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive"),
            await client.CommandAsync("CONFIG", "SET", "maxclients", "0"));
        Assert.Equal(
            new RespError("ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer"),
            await client.CommandAsync("CONFIG", "SET", "maxclients", "abc"));
        Assert.Equal(
            new RespError("ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive"),
            await client.CommandAsync("CONFIG", "SET", "timeout", "-1"));
        Assert.Equal(
            new RespError("ERR CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed into an integer"),
            await client.CommandAsync("CONFIG", "SET", "timeout", "1.5"));
        Assert.Equal(new object?[] { "timeout", "300", "maxclients", "1" }, await client.CommandAsync("CONFIG", "GET", "maxclients", "timeout"));
    }

    [Fact]
    public async Task An_idle_client_is_closed_after_timeout_but_a_subscriber_is_not()
    {
        await using var server = await StartAsync(idleSeconds: 60);
        await using var idle = await AuthenticatedAsync(server);
        await using var subscriber = await RespClient.ConnectAsync(server.Port);
        Assert.Equal(new object?[] { "subscribe", "news", 1L }, await subscriber.CommandAsync("SUBSCRIBE", "news"));
        await using var busy = await AuthenticatedAsync(server);

        server.FakeTime.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("PONG", await busy.CommandAsync("PING"));
        server.FakeTime.Advance(TimeSpan.FromSeconds(31));

        Assert.True(await idle.WaitForCloseAsync());
        Assert.Equal("1", await busy.CommandAsync("PUBLISH news hello"));
        Assert.Equal(new object?[] { "message", "news", "hello" }, subscriber.ReadReply());
    }

    [Fact]
    public async Task A_client_served_after_a_long_BLPOP_is_not_idle()
    {
        await using var server = await StartAsync(idleSeconds: 60);
        await using var worker = await RespClient.ConnectAsync(server.Port);
        await using var producer = await RespClient.ConnectAsync(server.Port);
        await worker.SendAsync(RespClient.Encode("BLPOP", "jobs", "0"));
        await Poll.UntilAsync(async () => ((string)(await producer.CommandAsync("INFO", "clients"))!).Contains("blocked_clients:1", StringComparison.Ordinal));

        // Blocked for two minutes: never timed out while it waits (as in Redis).
        for (var i = 0; i < 3; i++)
        {
            server.FakeTime.Advance(TimeSpan.FromSeconds(40));
            Assert.Equal("PONG", await producer.CommandAsync("PING"));
        }

        Assert.Equal(1L, await producer.CommandAsync("RPUSH", "jobs", "j1"));
        Assert.Equal(new object?[] { "jobs", "j1" }, worker.ReadReply());

        // Its reply was an interaction: half a timeout later it is still connected.
        server.FakeTime.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("PONG", await worker.CommandAsync("PING"));
    }

    [Fact]
    public async Task Timeout_set_live_applies_to_clients_already_connected()
    {
        await using var server = await StartAsync();
        await using var idle = await AuthenticatedAsync(server);
        await using var admin = await RespClient.ConnectAsync(server.Port);
        server.FakeTime.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal("OK", await admin.CommandAsync("CONFIG", "SET", "timeout", "50"));

        server.FakeTime.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await idle.WaitForCloseAsync());
    }

    [Fact]
    public async Task A_connection_that_never_authenticates_is_closed_after_the_auth_timeout()
    {
        await using var server = await StartAsync();
        await using var stranger = await LineClient.ConnectAsync(server.Port);
        Assert.Equal("Unauthorized", await stranger.CommandAsync("GET k"));
        await using var member = await AuthenticatedAsync(server);

        server.FakeTime.Advance(ServerSettings.DefaultAuthTimeout + TimeSpan.FromSeconds(1));

        Assert.True(await stranger.WaitForCloseAsync());
        Assert.Equal("PONG", await member.CommandAsync("PING"));
    }

    [Theory]
    [InlineData("--maxclients", "0")]
    [InlineData("--maxclients", "many")]
    [InlineData("--timeout", "-1")]
    [InlineData("--auth-timeout", "-5")]
    public async Task Bad_limits_are_one_line_and_exit_code_2(string flag, string value)
    {
        var (code, stdout, stderr) = await ServerProcess.RunAsync("pw", flag, value);
        Assert.Equal(2, code);
        Assert.StartsWith("ministore: ", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout.Trim());
    }
}
