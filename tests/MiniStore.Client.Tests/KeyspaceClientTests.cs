using MiniStore.Client.Tests.Support;
using MiniStore.Protocol;

namespace MiniStore.Client.Tests;

/// <summary>The typed keyspace commands (expiry, PERSIST, TYPE, RENAME, KEYS) against the real server, both protocols.</summary>
public sealed class KeyspaceClientTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task Expire_ExpireAt_and_Persist(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);
        Assert.False(await client.ExpireAsync("missing", TimeSpan.FromSeconds(5)));
        Assert.True(await client.SetAsync("k", "v"));
        Assert.False(await client.ExpireAsync("k", TimeSpan.FromSeconds(5), ExpireCondition.IfHasExpiry));
        Assert.True(await client.ExpireAsync("k", TimeSpan.FromSeconds(5), ExpireCondition.IfNoExpiry));
        Assert.Equal(5000, await client.PttlAsync("k"));
        Assert.False(await client.ExpireAsync("k", TimeSpan.FromSeconds(3), ExpireCondition.IfLater));
        Assert.True(await client.ExpireAsync("k", TimeSpan.FromSeconds(3), ExpireCondition.IfEarlier));
        Assert.Equal(3000, await client.PttlAsync("k"));

        Assert.True(await client.ExpireAtAsync("k", _server.FakeTime.GetUtcNow().AddMinutes(1)));
        Assert.Equal(60_000, await client.PttlAsync("k"));
        Assert.True(await client.PersistAsync("k"));
        Assert.False(await client.PersistAsync("k"));
        Assert.Equal(-1, await client.TtlAsync("k"));

        Assert.True(await client.ExpireAsync("k"u8.ToArray(), TimeSpan.FromMilliseconds(10)));
        _server.FakeTime.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(0, await client.ExistsAsync("k"));

        Assert.True(await client.SetAsync("k", "v"));
        Assert.True(await client.ExpireAtAsync("k", _server.FakeTime.GetUtcNow().AddDays(-1)));
        Assert.Equal(0, await client.ExistsAsync("k"));
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task Type_Rename_and_Keys(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);
        Assert.Equal("none", await client.TypeAsync("a"));
        Assert.True(await client.SetAsync("a", "1"));
        Assert.Equal("string", await client.TypeAsync("a"u8.ToArray()));
        var error = await Assert.ThrowsAsync<MiniStoreServerException>(() => client.RenameAsync("missing", "x"));
        Assert.Contains("no such key", error.Message, StringComparison.Ordinal);
        Assert.True(await client.RenameAsync("a", "b"));
        Assert.Equal("1", await client.GetAsync("b"));
        Assert.True(await client.SetAsync("c", "3"));
        Assert.False(await client.RenameAsync("b", "c", onlyIfAbsent: true));
        Assert.True(await client.RenameAsync("b", "d", onlyIfAbsent: true));

        Assert.Equal(["c", "d"], (await client.KeysAsync("*")).Order(StringComparer.Ordinal));
        Assert.Equal(["d"], await client.KeysAsync("[d-z]"));
        Assert.Empty(await client.KeysAsync("nothing*"));
        Assert.True(await client.SetAsync(new byte[] { 0, 13, 10, (byte)'*' }, "v"u8.ToArray()));
        var binary = await client.KeysAsync("\0*"u8.ToArray());
        Assert.Equal(new byte[] { 0, 13, 10, (byte)'*' }, Assert.Single(binary));
    }
}
