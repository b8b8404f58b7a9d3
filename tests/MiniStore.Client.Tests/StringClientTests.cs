using MiniStore.Client.Tests.Support;
using MiniStore.Protocol;

namespace MiniStore.Client.Tests;

/// <summary>The typed string commands beyond A.4 (INCR/DECR, MGET, MSET, APPEND) against the real server, both dialects.</summary>
public sealed class StringClientTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task Increment_and_decrement_by_one_and_by_more(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);

        Assert.Equal(1, await client.IncrementAsync("n"));
        Assert.Equal(11, await client.IncrementAsync("n", 10));
        Assert.Equal(10, await client.DecrementAsync("n"));
        Assert.Equal(-5, await client.DecrementAsync("n", 15));
        Assert.Equal(-4, await client.IncrementAsync("n"u8.ToArray()));
        Assert.Equal("-4", await client.GetAsync("n"));
        Assert.True(await client.SetAsync("text", "abc"));
        await Assert.ThrowsAsync<MiniStoreServerException>(() => client.IncrementAsync("text"));
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task MSet_then_MGet_with_missing_keys(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);

        await client.MSetAsync([new KeyValuePair<string, string>("a", "1"), new("b", "two words"), new("c", "(nil)")]);
        Assert.Equal(new[] { "1", "two words", null, "(nil)" }, await client.MGetAsync(["a", "b", "missing", "c"]));
        byte[] binary = [0, 10, 13, 255];
        await client.MSetAsync([new KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>("bin"u8.ToArray(), binary)]);
        var values = await client.MGetAsync([(ReadOnlyMemory<byte>)"bin"u8.ToArray()]);
        Assert.Equal(binary, Assert.Single(values));
        await Assert.ThrowsAsync<ArgumentException>(() => client.MGetAsync(Array.Empty<string>()));
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task Append_returns_the_new_length(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);

        Assert.Equal(5, await client.AppendAsync("s", "hello"));
        Assert.Equal(11, await client.AppendAsync("s", " world"));
        Assert.Equal("hello world", await client.GetAsync("s"));
    }
}
