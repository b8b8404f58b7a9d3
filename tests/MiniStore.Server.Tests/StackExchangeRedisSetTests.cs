using StackExchange.Redis;

namespace MiniStore.Server.Tests;

/// <summary>StackExchange.Redis, set commands.</summary>
public sealed class StackExchangeRedisSetTests : IAsyncLifetime
{
    private InProcessServer _server = null!;
    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(time: TimeProvider.System);
        var options = new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", _server.Port } },
            Password = InProcessServer.Password,
            AbortOnConnectFail = true,
            AllowAdmin = true,
            ConnectTimeout = 15_000,
            SyncTimeout = 15_000,
            AsyncTimeout = 15_000,
        };
        _redis = await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Set_add_members_contains_remove_and_length()
    {
        var db = _redis.GetDatabase();
        Assert.Equal(3, await db.SetAddAsync("se:s", ["a", "b", "c"]));
        Assert.False(await db.SetAddAsync("se:s", "a"));
        Assert.True(await db.SetContainsAsync("se:s", "b"));
        Assert.False(await db.SetContainsAsync("se:s", "z"));
        Assert.Equal(3, await db.SetLengthAsync("se:s"));
        var members = (await db.SetMembersAsync("se:s")).Select(m => (string)m!).Order(StringComparer.Ordinal);
        Assert.Equal(["a", "b", "c"], members);
        Assert.True(await db.SetRemoveAsync("se:s", "a"));
        Assert.Equal(2, await db.SetLengthAsync("se:s"));
    }
}
