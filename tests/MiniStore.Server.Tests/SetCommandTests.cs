namespace MiniStore.Server.Tests;

/// <summary>The set commands over a real socket, both dialects.</summary>
public sealed class SetCommandTests : IAsyncLifetime
{
    private InProcessServer _server = null!;
    private LineClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync();
        _client = await _server.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    private Task<string> Do(string line) => _client.CommandAsync(line);

    [Fact]
    public async Task SADD_SREM_SISMEMBER_SCARD_in_the_line_dialect()
    {
        Assert.Equal("2", await Do("SADD s a b"));
        Assert.Equal("1", await Do("SADD s b c"));
        Assert.Equal("3", await Do("SCARD s"));
        Assert.Equal("1", await Do("SISMEMBER s a"));
        Assert.Equal("0", await Do("SISMEMBER s z"));
        Assert.Equal("0", await Do("SCARD missing"));
        Assert.Equal("2", await Do("SREM s a b z"));
        Assert.Equal("1", await Do("SREM s c"));
        Assert.Equal("0", await Do("EXISTS s"));
        Assert.Equal("OK", await Do("SET str v"));
        Assert.Equal("ERR: wrong type", await Do("SADD str a"));
        Assert.Equal("ERR: wrong type", await Do("SCARD str"));
    }

    [Fact]
    public async Task SMEMBERS_over_RESP()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal(3L, await c.CommandAsync("SADD", "s", "a", "b", "c"));
        var members = Assert.IsType<object?[]>(await c.CommandAsync("SMEMBERS", "s"));
        Assert.Equal(["a", "b", "c"], members.Cast<string>().Order(StringComparer.Ordinal));
        Assert.Empty(Assert.IsType<object?[]>(await c.CommandAsync("SMEMBERS", "nope")));
        Assert.Equal("OK", await c.CommandAsync("SET", "str", "v"));
        Assert.StartsWith("WRONGTYPE", Assert.IsType<RespError>(await c.CommandAsync("SMEMBERS", "str")).Message, StringComparison.Ordinal);
    }
}
