namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// Every family's shapes in one random stream over the same four keys, sent to redis-server 7 and to MiniStore, so a
/// key made a hash by one request meets list, set, sorted-set, string and keyspace requests in the next ones. Every
/// reply must match as each family's own stream test requires (bytes, or the comparison its shape names). KEYS, SCAN
/// and RANDOMKEY, whose replies need their own comparison, stay in <see cref="KeyspaceStreamTests"/>.
/// </summary>
[Collection(DifferentialTests.Name)]
public sealed class AllFamiliesStreamTests(DifferentialServers servers) : IAsyncLifetime
{
    public const int StreamLength = 2_000;

    private DifferentialHarness _harness = null!;

    public static TheoryData<int> SeedData => new(101, 102, 103);

    public static IReadOnlyList<CommandShape> Shapes { get; } =
    [
        .. StringShapes.All,
        .. StringOpsShapes.All,
        .. KeyspaceShapes.All.Where(shape => !KeyspaceShapes.Unordered.Contains(shape.Name)),
        .. HashShapes.All,
        .. ListShapes.All,
        .. SetShapes.All,
        .. SortedSetShapes.All,
    ];

    public async Task InitializeAsync() => _harness = await DifferentialHarness.OpenAsync(servers);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [MemberData(nameof(SeedData))]
    public async Task A_stream_of_every_family_over_shared_keys_matches_redis(int seed)
    {
        var generator = new CommandGenerator(seed, Shapes);
        await _harness.RunAsync(generator.Take(StreamLength));
        _harness.AssertNoMismatches($"seed {seed}, {StreamLength} requests of every family");
    }
}
