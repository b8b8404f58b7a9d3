using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace MiniStore.AspNetCore.Tests;

/// <summary>
/// One real MiniStore server per test class, on a fake clock so TTLs can be driven without sleeping, and
/// StackExchange.Redis connections to it configured as an ASP.NET Core app would configure them.
/// </summary>
public sealed class MiniStoreHost : IAsyncLifetime
{
    private readonly List<ConnectionMultiplexer> _connections = [];

    public InProcessServer Server { get; private set; } = null!;

    public FakeTimeProvider ServerTime => Server.FakeTime;

    public ConfigurationOptions Configuration => new()
    {
        EndPoints = { { "127.0.0.1", Server.Port } },
        Password = InProcessServer.Password,
        AbortOnConnectFail = true,
        ConnectTimeout = 15_000,
        SyncTimeout = 15_000,
        AsyncTimeout = 15_000,
    };

    public async Task InitializeAsync() => Server = await InProcessServer.StartAsync();

    /// <summary>A new multiplexer of its own, as a second app instance would have.</summary>
    public async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(Configuration);
        lock (_connections)
        {
            _connections.Add(connection);
        }

        return connection;
    }

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        await Server.DisposeAsync();
    }
}
