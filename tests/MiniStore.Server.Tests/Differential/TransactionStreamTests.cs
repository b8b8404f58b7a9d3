namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// Random streams of transactions (MULTI/EXEC/DISCARD, WATCH/UNWATCH on one connection, refused and misused
/// commands, blocking pops inside MULTI, LMPOP/ZMPOP) over the shared tiny keyspace, sent to redis-server 7 and to
/// MiniStore: every reply must be the same bytes. The seeds are fixed, so a failure reproduces.
/// </summary>
[Collection(DifferentialTests.Name)]
public sealed class TransactionStreamTests(DifferentialServers servers) : IAsyncLifetime
{
    public const int StreamLength = 1_000;

    private DifferentialHarness _harness = null!;

    public static TheoryData<int> SeedData => new(201, 202, 203);

    public async Task InitializeAsync() => _harness = await DifferentialHarness.OpenAsync(servers);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [MemberData(nameof(SeedData))]
    public async Task Random_transaction_stream_replies_match_redis(int seed)
    {
        var generator = new CommandGenerator(seed, TransactionShapes.All);
        await _harness.RunAsync(generator.Take(StreamLength));
        _harness.AssertNoMismatches($"seed {seed}, {StreamLength} shapes with transactions");
    }
}
