using MiniStore.Client.Tests.Support;
using MiniStore.Protocol;

namespace MiniStore.Client.Tests;

/// <summary>The typed list commands, against the real server, in both protocols.</summary>
public sealed class ListClientTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task Push_range_and_pop(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);

        Assert.Equal(2, await client.ListRightPushAsync("l", "b", "c"));
        Assert.Equal(4, await client.ListLeftPushAsync("l", "a2", "a1"));
        Assert.Equal(["a1", "a2", "b", "c"], await client.ListRangeAsync("l"));
        Assert.Equal(["b", "c"], await client.ListRangeAsync("l", -2));
        Assert.Empty(await client.ListRangeAsync("missing"));
        Assert.Equal("a1", await client.ListLeftPopAsync("l"));
        Assert.Null(await client.ListLeftPopAsync("missing"));
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task Binary_elements_round_trip(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);
        byte[] odd = [0, 10, 13, 255, (byte)'"'];
        byte[] empty = [];

        Assert.Equal(2, await client.ListRightPushAsync("bin"u8.ToArray(), [odd, empty]));
        var range = await client.ListRangeAsync("bin"u8.ToArray());
        Assert.Equal(2, range.Length);
        Assert.Equal(odd, range[0]);
        Assert.Empty(range[1]);
        Assert.Equal(odd, await client.ListLeftPopAsync("bin"u8.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task A_string_key_throws_the_servers_wrong_type_error(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);
        Assert.True(await client.SetAsync("s", "v"));

        var error = await Assert.ThrowsAsync<MiniStoreServerException>(() => client.ListRightPushAsync("s", "x"));
        Assert.Equal(protocol == WireFormat.Line ? "ERR: wrong type" : "WRONGTYPE Operation against a key holding the wrong kind of value", error.ServerMessage);
        await Assert.ThrowsAsync<MiniStoreServerException>(() => client.ListRangeAsync("s"));
        await Assert.ThrowsAsync<MiniStoreServerException>(() => client.ListLeftPopAsync("s"));
        Assert.Equal("v", await client.GetAsync("s"));
    }
}
