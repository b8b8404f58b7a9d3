namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// Random streams of sorted set requests mixed with SET/GET/DEL over four keys, sent to redis-server 7 and to
/// MiniStore: every reply must be the same bytes. The seeds are fixed, so a failure reproduces.
/// </summary>
[Collection(DifferentialTests.Name)]
public sealed class SortedSetStreamTests(DifferentialServers servers) : IAsyncLifetime
{
    public const int StreamLength = 1_500;

    public static readonly int[] Seeds = [1, 2, 3];

    private DifferentialHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await DifferentialHarness.OpenAsync(servers);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public static TheoryData<int> SeedData => new(Seeds);

    [Theory]
    [MemberData(nameof(SeedData))]
    public async Task Random_sorted_set_stream_replies_match_redis(int seed)
    {
        var generator = new CommandGenerator(seed, SortedSetShapes.All);
        await _harness.RunAsync(generator.Take(StreamLength));
        _harness.AssertNoMismatches($"seed {seed}, {StreamLength} requests");
    }
}
