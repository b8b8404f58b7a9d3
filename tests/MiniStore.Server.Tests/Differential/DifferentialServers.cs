namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// The two servers of the differential tests, started once for the collection: redis-server 7 (the oracle) and
/// MiniStore (the real Kestrel host) on the system clock, so TTLs count down alike on both.
/// </summary>
public sealed class DifferentialServers : IAsyncLifetime
{
    private RedisServerProcess? _redis;
    private InProcessServer? _miniStore;

    public RedisServerProcess Redis => _redis ?? throw new InvalidOperationException("not started");

    public InProcessServer MiniStore => _miniStore ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync();
        _miniStore = await InProcessServer.StartAsync(time: TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        if (_miniStore is not null)
        {
            await _miniStore.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}

/// <summary>The differential test classes share one pair of servers, so they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DifferentialTests : ICollectionFixture<DifferentialServers>
{
    public const string Name = "Differential";
}
