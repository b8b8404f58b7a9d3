using MiniStore.Client.Tests.Support;
using MiniStore.Protocol;

namespace MiniStore.Client.Tests;

/// <summary>The typed hash methods against the real server, in both wire formats.</summary>
public sealed class HashClientTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task Hash_set_get_get_all_and_delete(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);

        Assert.True(await client.HashSetAsync("h", "a", "1"));
        Assert.False(await client.HashSetAsync("h", "a", "one"));
        Assert.Equal(2, await client.HashSetAsync("h", [new("b", "2"), new("c", "three words")]));
        Assert.Equal("one", await client.HashGetAsync("h", "a"));
        Assert.Null(await client.HashGetAsync("h", "z"));
        Assert.Null(await client.HashGetAsync("missing", "a"));
        var all = await client.HashGetAllAsync("h");
        Assert.Equal(3, all.Count);
        Assert.Equal("three words", all["c"]);
        Assert.Empty(await client.HashGetAllAsync("missing"));

        byte[] binary = [0, 13, 10, 0xFF, (byte)'"'];
        Assert.Equal(1, await client.HashSetAsync("bin"u8.ToArray(), [new(binary, binary)]));
        Assert.Equal(binary, await client.HashGetAsync("bin"u8.ToArray(), binary));
        var pair = Assert.Single(await client.HashGetAllAsync("bin"u8.ToArray()));
        Assert.Equal(binary, pair.Key);
        Assert.Equal(binary, pair.Value);

        Assert.Equal(2, await client.HashDeleteAsync("h", "a", "b", "z"));
        Assert.Equal(1, await client.HashDeleteAsync("h", "c"));
        Assert.Equal(0, await client.ExistsAsync("h"));

        Assert.True(await client.SetAsync("s", "v"));
        await Assert.ThrowsAsync<MiniStoreServerException>(() => client.HashGetAsync("s", "a"));
        await Assert.ThrowsAsync<MiniStoreServerException>(() => client.HashSetAsync("s", "a", "1"));
    }
}
