namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// Random streams of the string commands beyond the seed's (<see cref="StringOpsShapes"/>) over four keys, sent to
/// redis-server 7 and to MiniStore: every reply must be the same bytes (PTTL within 1000 ms). Fixed seeds.
/// </summary>
[Collection(DifferentialTests.Name)]
public sealed class StringOpsStreamTests(DifferentialServers servers) : IAsyncLifetime
{
    public const int StreamLength = 1_500;

    public static readonly int[] Seeds = [11, 12, 13];

    private DifferentialHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await DifferentialHarness.OpenAsync(servers);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public static TheoryData<int> SeedData => new(Seeds);

    [Theory]
    [MemberData(nameof(SeedData))]
    public async Task Random_string_ops_stream_replies_match_redis(int seed)
    {
        var generator = new CommandGenerator(seed, StringOpsShapes.All, StringOpsShapes.Settings);
        await _harness.RunAsync(generator.Take(StreamLength));
        _harness.AssertNoMismatches($"seed {seed}, {StreamLength} requests");
    }

    /// <summary>Every stored float of the list incremented by every float of the list: reply and stored text.</summary>
    [Fact]
    public async Task INCRBYFLOAT_of_every_float_pair_matches_redis()
    {
        foreach (var stored in StringOpsShapes.Floats)
        {
            foreach (var increment in StringOpsShapes.Floats)
            {
                await _harness.RunAsync(DiffCommand.Of("SET", "f", stored));
                await _harness.RunAsync(DiffCommand.Of("INCRBYFLOAT", "f", increment));
                await _harness.RunAsync(DiffCommand.Of("GET", "f"));
            }
        }

        _harness.AssertNoMismatches("INCRBYFLOAT pairs");
    }

    /// <summary>Every GETRANGE index pair on a short string, an empty one and a missing key.</summary>
    [Fact]
    public async Task GETRANGE_of_every_index_pair_matches_redis()
    {
        await _harness.RunAsync(DiffCommand.Of("SET", "s", "Hello World"));
        await _harness.RunAsync(DiffCommand.Of("SET", "e", string.Empty));
        foreach (var key in new[] { "s", "e", "missing" })
        {
            foreach (var start in StringOpsShapes.Indices)
            {
                foreach (var end in StringOpsShapes.Indices)
                {
                    await _harness.RunAsync(DiffCommand.Of("GETRANGE", key, start, end));
                }
            }
        }

        _harness.AssertNoMismatches("GETRANGE index pairs");
    }
}
