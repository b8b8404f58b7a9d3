using System.Net;
using System.Net.Sockets;
using MiniStore.Client.Tests.Support;

namespace MiniStore.Client.Tests;

/// <summary>How a connection ends: by the server, by the network, by the caller.</summary>
public sealed class ConnectionTests
{
    [Fact]
    public async Task ThreeWrongPasswords_TheServerClosesAndLaterRequestsFail()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await server.ConnectAsync(password: null);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var refused = await Assert.ThrowsAsync<MiniStoreServerException>(() => client.AuthenticateAsync("wrong"));
            Assert.Equal("ERR: invalid password", refused.ServerMessage);
        }

        var closed = await Assert.ThrowsAsync<MiniStoreConnectionException>(() => client.PingAsync());
        Assert.Contains("closed the connection", closed.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task ServerDropsTheConnection_EveryPendingRequestFails()
    {
        await using var server = new ScriptedServer();
        await using var client = await MiniStoreClient.ConnectAsync(new MiniStoreClientOptions { Port = server.Port });
        await server.AcceptAsync();

        var pending = new[] { client.GetAsync("a"), client.GetAsync("b"), client.GetAsync("c") };
        await server.ReceiveLinesAsync(3);
        await server.SendAsync("first\n");
        server.Close();

        Assert.Equal("first", await pending[0]);
        foreach (var request in pending[1..])
        {
            var error = await Assert.ThrowsAsync<MiniStoreConnectionException>(() => request);
            Assert.Contains("closed the connection", error.Message, StringComparison.Ordinal);
        }

        await Assert.ThrowsAsync<MiniStoreConnectionException>(() => client.PingAsync());
    }

    [Fact]
    public async Task Dispose_FailsPendingRequests()
    {
        await using var server = new ScriptedServer();
        var client = await MiniStoreClient.ConnectAsync(new MiniStoreClientOptions { Port = server.Port });
        await server.AcceptAsync();
        var pending = client.GetAsync("a");
        await server.ReceiveLinesAsync(1);

        await client.DisposeAsync();

        var error = await Assert.ThrowsAsync<MiniStoreConnectionException>(() => pending);
        Assert.Contains("disposed", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task NothingListening_ConnectThrowsAConnectionError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await Assert.ThrowsAsync<MiniStoreConnectionException>(() => MiniStoreClient.ConnectAsync("127.0.0.1", port));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReplyToNoRequest_FailsTheConnection()
    {
        await using var server = new ScriptedServer();
        await using var client = await MiniStoreClient.ConnectAsync(new MiniStoreClientOptions { Port = server.Port });
        await server.AcceptAsync();

        await server.SendAsync("OK\n");
        await Poll.UntilAsync(() => !client.IsConnected);

        var error = await Assert.ThrowsAsync<MiniStoreConnectionException>(() => client.PingAsync());
        Assert.IsType<MiniStoreProtocolException>(error.InnerException);
    }
}
