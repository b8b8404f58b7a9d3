namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// Random streams of string and keyspace requests over four keys, sent to redis-server 7 and to MiniStore: every
/// reply must be the same bytes (TTL within 1 s, PTTL within 1000 ms). The seeds are fixed, so a failure reproduces.
/// </summary>
[Collection(DifferentialTests.Name)]
public sealed class StringStreamTests(DifferentialServers servers) : IAsyncLifetime
{
    public const int StreamLength = 2_000;

    public static readonly int[] Seeds = [1, 2, 3];

    private DifferentialHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await DifferentialHarness.OpenAsync(servers);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public static TheoryData<int> SeedData => new(Seeds);

    [Theory]
    [MemberData(nameof(SeedData))]
    public async Task Random_string_stream_replies_match_redis(int seed)
    {
        var generator = new CommandGenerator(seed, StringShapes.All);
        await _harness.RunAsync(generator.Take(StreamLength));
        _harness.AssertNoMismatches($"seed {seed}, {StreamLength} requests");
    }

    /// <summary>
    /// Every subset of SET's options, in declaration order and reversed, on a missing key and on one with an expiry;
    /// each followed by GET and PTTL, so the effect is compared as well as the reply.
    /// </summary>
    [Fact]
    public async Task Every_SET_option_combination_matches_redis()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string[][] options =
        [
            ["NX"], ["XX"], ["GET"], ["KEEPTTL"], ["EX", "100"], ["PX", "100000"],
            ["EXAT", $"{now + 86_400}"], ["PXAT", $"{(now + 86_400) * 1000}"],
        ];
        await RunCombinationsAsync(options, (key, chosen) => ["SET", key, "new", .. chosen]);
        _harness.AssertNoMismatches("SET option combinations");
    }

    /// <summary>As <see cref="Every_SET_option_combination_matches_redis"/>, for GETEX.</summary>
    [Fact]
    public async Task Every_GETEX_option_combination_matches_redis()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string[][] options =
        [
            ["EX", "100"], ["PX", "100000"], ["EXAT", $"{now + 86_400}"], ["PXAT", $"{(now + 86_400) * 1000}"], ["PERSIST"],
        ];
        await RunCombinationsAsync(options, (key, chosen) => ["GETEX", key, .. chosen]);
        _harness.AssertNoMismatches("GETEX option combinations");
    }

    private async Task RunCombinationsAsync(string[][] options, Func<string, string[], string[]> command)
    {
        for (var mask = 0; mask < 1 << options.Length; mask++)
        {
            var chosen = options.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
            foreach (var order in new[] { chosen, Enumerable.Reverse(chosen).ToArray() })
            {
                foreach (var existing in new[] { false, true })
                {
                    await _harness.RunAsync(DiffCommand.Of("DEL", "k"));
                    if (existing)
                    {
                        await _harness.RunAsync(DiffCommand.Of("SET", "k", "old", "PX", "500000"));
                    }

                    await _harness.RunAsync(DiffCommand.Of(command("k", order.SelectMany(o => o).ToArray())));
                    await _harness.RunAsync(DiffCommand.Of("GET", "k"));
                    await _harness.RunAsync(DiffCommand.Timed(1000, "PTTL", "k"));
                }
            }
        }
    }
}
