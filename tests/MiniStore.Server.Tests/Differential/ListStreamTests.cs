namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// Random streams of list requests mixed with SET, GET and DEL over four keys, sent to redis-server 7 and to
/// MiniStore: every reply must be the same bytes. The seeds are fixed, so a failure reproduces.
/// </summary>
[Collection(DifferentialTests.Name)]
public sealed class ListStreamTests(DifferentialServers servers) : IAsyncLifetime
{
    public const int StreamLength = 1_500;

    public static readonly int[] Seeds = [1, 2, 3];

    private DifferentialHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await DifferentialHarness.OpenAsync(servers);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public static TheoryData<int> SeedData => new(Seeds);

    [Theory]
    [MemberData(nameof(SeedData))]
    public async Task Random_list_stream_replies_match_redis(int seed)
    {
        var generator = new CommandGenerator(seed, ListShapes.All);
        await _harness.RunAsync(generator.Take(StreamLength));
        _harness.AssertNoMismatches($"seed {seed}, {StreamLength} requests");
    }

    /// <summary>
    /// One long list edited at both ends and in the middle (the ring buffer wraps, grows and shrinks), read back whole
    /// after every edit, so the contents are compared as well as the replies.
    /// </summary>
    [Fact]
    public async Task Long_list_edits_match_redis()
    {
        var random = new Random(7);
        await _harness.RunAsync(DiffCommand.Of("DEL", "l"));
        for (var i = 0; i < 40; i++)
        {
            await _harness.RunAsync(DiffCommand.Of(i % 2 == 0 ? "RPUSH" : "LPUSH", "l", $"e{i % 4}", $"f{i}"));
        }

        for (var step = 0; step < 400; step++)
        {
            var element = $"e{random.Next(4)}";
            var edit = random.Next(12) switch
            {
                0 => DiffCommand.Of("LMOVE", "l", "l", random.Next(2) == 0 ? "LEFT" : "RIGHT", random.Next(2) == 0 ? "LEFT" : "RIGHT"),
                1 => DiffCommand.Of("LINSERT", "l", random.Next(2) == 0 ? "BEFORE" : "AFTER", element, $"g{step}"),
                2 or 3 => DiffCommand.Of("LREM", "l", random.Next(-3, 4), element),
                4 => DiffCommand.Of("LSET", "l", random.Next(-50, 50), $"s{step}"),
                5 => DiffCommand.Of(random.Next(2) == 0 ? "LPOP" : "RPOP", "l", random.Next(4)),
                6 or 7 => DiffCommand.Of("RPUSH", "l", element, $"r{step}", element),
                8 or 9 => DiffCommand.Of("LPUSH", "l", element, $"p{step}"),
                10 => DiffCommand.Of("LTRIM", "l", random.Next(-1, 3), random.Next(-3, 80)),
                _ => DiffCommand.Of("LPOS", "l", element, "RANK", random.Next(2) == 0 ? -1 : 2, "COUNT", random.Next(3), "MAXLEN", random.Next(0, 30)),
            };
            await _harness.RunAsync(edit);
            await _harness.RunAsync(DiffCommand.Of("LRANGE", "l", 0, -1));
            await _harness.RunAsync(DiffCommand.Of("LLEN", "l"));
        }

        _harness.AssertNoMismatches("long list edits");
    }
}
