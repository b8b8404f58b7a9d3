using MiniStore.Client.Tests.Support;
using MiniStore.Protocol;

namespace MiniStore.Client.Tests;

/// <summary>The typed set commands against the real server, in every dialect.</summary>
public sealed class SetClientTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task Add_contains_members_remove(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);

        Assert.Equal(3, await client.SetAddAsync("s", ["a", "b", "c"]));
        Assert.Equal(1, await client.SetAddAsync("s", ["c", "d"]));
        Assert.True(await client.SetContainsAsync("s", "a"));
        Assert.False(await client.SetContainsAsync("s", "z"));
        Assert.False(await client.SetContainsAsync("missing", "a"));
        Assert.Equal(["a", "b", "c", "d"], (await client.SetMembersAsync("s")).Order(StringComparer.Ordinal));
        Assert.Empty(await client.SetMembersAsync("missing"));
        Assert.Equal(2, await client.SetRemoveAsync("s", ["a", "b", "z"]));
        Assert.Equal(2, await client.SetRemoveAsync("s", ["c", "d"]));
        Assert.Equal(0, await client.ExistsAsync("s"));
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task Binary_members_round_trip_and_wrong_type_throws(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);
        byte[] member = [0, 10, 13, 255, (byte)'*', (byte)'"'];

        Assert.Equal(1, await client.SetAddAsync("b"u8.ToArray(), [member]));
        Assert.True(await client.SetContainsAsync("b"u8.ToArray(), member));
        Assert.Equal(member, Assert.Single(await client.SetMembersAsync("b"u8.ToArray())));
        Assert.True(await client.SetAsync("str", "v"));
        await Assert.ThrowsAsync<MiniStoreServerException>(() => client.SetMembersAsync("str"));
        await Assert.ThrowsAsync<MiniStoreServerException>(() => client.SetAddAsync("str", ["a"]));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SetAddAsync("s", Array.Empty<string>()));
    }
}
