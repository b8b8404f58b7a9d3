using MiniStore.Client.Tests.Support;
using MiniStore.Protocol;

namespace MiniStore.Client.Tests;

/// <summary>Arbitrary commands (what <c>ministore-cli</c> sends): replies come back with their shape, errors included.</summary>
public sealed class ExecuteTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task EachReplyHasTheShapeOfItsCommand(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);

        var set = await client.ExecuteAsync("set", "k", "42");
        var get = await client.ExecuteAsync("GET", "k");
        var ttl = await client.ExecuteAsync("TTL", "k");
        var missing = await client.ExecuteAsync("GET", "nope");
        var old = await client.ExecuteAsync("SET", "k", "43", "get");
        var unknown = await client.ExecuteAsync("FROB", "x");

        Assert.Equal((ReplyKind.Status, "OK"), (set.Kind, set.Text));
        Assert.Equal((ReplyKind.Value, "42"), (get.Kind, get.Text));
        Assert.Equal((ReplyKind.Integer, -1L), (ttl.Kind, ttl.Integer));
        Assert.Equal(ReplyKind.Nil, missing.Kind);
        Assert.Equal((ReplyKind.Value, "42"), (old.Kind, old.Text));
        Assert.Equal(ReplyKind.Error, unknown.Kind);
        Assert.Contains("unknown command", unknown.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resp_AggregatesComeBackAsArrays()
    {
        await using var client = await _server.ConnectAsync(WireFormat.Resp);

        var hello = await client.ExecuteAsync("HELLO", "2");

        Assert.Equal(ReplyKind.Array, hello.Kind);
        Assert.Contains(hello.Elements, element => element.Text == "server");
    }

    [Fact]
    public async Task Line_ArraysAreFramedWholeAndLaterRepliesStayMatched()
    {
        await using var client = await _server.ConnectAsync(WireFormat.Line);

        var config = await client.ExecuteAsync("CONFIG", "GET", "maxmemory*");
        await client.SetAsync("k", "*not a header");
        var get = await client.ExecuteAsync("GET", "k");

        Assert.Equal(ReplyKind.Array, config.Kind);
        Assert.Equal(["maxmemory", "0", "maxmemory-policy", "allkeys-lru"], config.Elements.Select(e => e.Text));
        Assert.Equal((ReplyKind.Value, "*not a header"), (get.Kind, get.Text));
    }

    [Fact]
    public async Task Line_BareLinesAreReadAsTheCommandTableSays()
    {
        await using var client = await _server.ConnectAsync(WireFormat.Line);

        var setNx = await client.ExecuteAsync("SETNX", "n", "17");
        var value = await client.ExecuteAsync("GET", "n");
        var id = await client.ExecuteAsync("CLIENT", "ID");
        var name = await client.ExecuteAsync("CLIENT", "GETNAME");
        var time = await client.ExecuteAsync("TIME");

        Assert.Equal((ReplyKind.Integer, 1L), (setNx.Kind, setNx.Integer));
        Assert.Equal((ReplyKind.Value, "17"), (value.Kind, value.Text));
        Assert.Equal(ReplyKind.Integer, id.Kind);
        Assert.Equal(ReplyKind.Nil, name.Kind);
        Assert.Equal(2, time.Elements.Count);
    }

    [Fact]
    public async Task Line_PassThroughExecuteAuthenticatesTheConnection()
    {
        await using var client = await _server.ConnectAsync(password: null);

        var pass = await client.ExecuteAsync("PASS", InProcessServer.Password);
        await client.SetAsync("k", "Unauthorized");
        var get = await client.ExecuteAsync("GET", "k");

        Assert.Equal((ReplyKind.Status, "OK"), (pass.Kind, pass.Text));
        Assert.Equal((ReplyKind.Value, "Unauthorized"), (get.Kind, get.Text));
    }
}
