namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// Random streams of set requests mixed with SET / GET / DEL over four keys, sent to redis-server 7 and to MiniStore:
/// every reply must match (<see cref="SetShapes"/> says which are compared as unordered or by shape). The seeds are
/// fixed, so a failure reproduces.
/// </summary>
[Collection(DifferentialTests.Name)]
public sealed class SetStreamTests(DifferentialServers servers) : IAsyncLifetime
{
    public const int StreamLength = 1_500;

    public static readonly int[] Seeds = [1, 2, 3];

    private DifferentialHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await DifferentialHarness.OpenAsync(servers);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public static TheoryData<int> SeedData => new(Seeds);

    [Theory]
    [MemberData(nameof(SeedData))]
    public async Task Random_set_stream_replies_match_redis(int seed)
    {
        var generator = new CommandGenerator(seed, SetShapes.All);
        await _harness.RunAsync(generator.Take(StreamLength));
        _harness.AssertNoMismatches($"seed {seed}, {StreamLength} requests");
    }

    /// <summary>Every set holds several members in these streams: SPOP and SRANDMEMBER meet sets of every size.</summary>
    [Fact]
    public async Task Sets_in_the_stream_get_large_and_empty()
    {
        var generator = new CommandGenerator(7, SetShapes.All);
        var largest = 0L;
        var emptied = 0;
        foreach (var command in generator.Take(StreamLength))
        {
            await _harness.RunAsync(command);
            foreach (var key in generator.Settings.Keys)
            {
                var card = await _harness.RunAsync(DiffCommand.Of("SCARD", key));
                if (card.Same && card.Redis.Length > 1 && card.Redis[0] == ':')
                {
                    largest = Math.Max(largest, long.Parse(System.Text.Encoding.ASCII.GetString(card.Redis, 1, card.Redis.Length - 3), System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            if (command.Args[0].AsSpan().SequenceEqual("SPOP"u8) && (await _harness.RunAsync(DiffCommand.Of("EXISTS", command.Args[1]))).Redis.AsSpan().SequenceEqual(":0\r\n"u8))
            {
                emptied++;
            }
        }

        _harness.AssertNoMismatches("seed 7 with SCARD after each request");
        Assert.InRange(largest, 5, 10);
        Assert.True(emptied > 0);
    }

    [Fact]
    public void Unordered_and_shape_comparisons_accept_only_what_they_should()
    {
        byte[] ab = "*2\r\n$1\r\na\r\n$1\r\nb\r\n"u8.ToArray();
        byte[] ba = "*2\r\n$1\r\nb\r\n$1\r\na\r\n"u8.ToArray();
        byte[] ac = "*2\r\n$1\r\na\r\n$1\r\nc\r\n"u8.ToArray();
        byte[] a = "*1\r\n$1\r\na\r\n"u8.ToArray();
        byte[] scanAb = "*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n"u8.ToArray();
        byte[] scanBa = "*2\r\n$1\r\n0\r\n*2\r\n$1\r\nb\r\n$1\r\na\r\n"u8.ToArray();
        Assert.False(ReplyComparison.Equivalent(ab, ba, 0, ReplyMatch.Exact));
        Assert.True(ReplyComparison.Equivalent(ab, ba, 0, ReplyMatch.Unordered));
        Assert.True(ReplyComparison.Equivalent(scanAb, scanBa, 0, ReplyMatch.Unordered));
        Assert.False(ReplyComparison.Equivalent(ab, ac, 0, ReplyMatch.Unordered));
        Assert.True(ReplyComparison.Equivalent(ab, ac, 0, ReplyMatch.Shape));
        Assert.False(ReplyComparison.Equivalent(ab, a, 0, ReplyMatch.Shape));
        Assert.False(ReplyComparison.Equivalent("$1\r\na\r\n"u8.ToArray(), "$-1\r\n"u8.ToArray(), 0, ReplyMatch.Shape));
        Assert.False(ReplyComparison.Equivalent("-ERR a\r\n"u8.ToArray(), "-ERR b\r\n"u8.ToArray(), 0, ReplyMatch.Shape));
        Assert.False(ReplyComparison.Equivalent(":1\r\n"u8.ToArray(), ":2\r\n"u8.ToArray(), 0, ReplyMatch.Unordered));
    }
}
