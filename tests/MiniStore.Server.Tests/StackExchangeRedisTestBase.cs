using StackExchange.Redis;

namespace MiniStore.Server.Tests;

/// <summary>
/// One in-process server on the real clock and a StackExchange.Redis multiplexer connected to it, per test class
/// instance (xunit makes one per test): the fixture every StackExchangeRedis*Tests class shares.
/// </summary>
public abstract class StackExchangeRedisTestBase : IAsyncLifetime
{
    protected InProcessServer Server { get; private set; } = null!;

    protected ConnectionMultiplexer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await InProcessServer.StartAsync(time: TimeProvider.System);
        var options = new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", Server.Port } },
            Password = InProcessServer.Password,
            AbortOnConnectFail = true,
            AllowAdmin = true,
            ConnectTimeout = 15_000,
            SyncTimeout = 15_000,
            AsyncTimeout = 15_000,
        };
        Redis = await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async Task DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Server.DisposeAsync();
    }
}
