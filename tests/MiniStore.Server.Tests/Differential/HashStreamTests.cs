namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// Random streams of hash requests mixed with SET / GET / DEL over four keys, sent to redis-server 7 and to MiniStore:
/// every reply must be the same bytes, or for replies in no defined order the same multiset (<see cref="HashShapes"/>).
/// The seeds are fixed, so a failure reproduces.
/// </summary>
[Collection(DifferentialTests.Name)]
public sealed class HashStreamTests(DifferentialServers servers) : IAsyncLifetime
{
    public const int StreamLength = 1_500;

    public static readonly int[] Seeds = [1, 2, 3];

    private DifferentialHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await DifferentialHarness.OpenAsync(servers);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public static TheoryData<int> SeedData => new(Seeds);

    [Theory]
    [MemberData(nameof(SeedData))]
    public async Task Random_hash_stream_replies_match_redis(int seed)
    {
        var generator = new CommandGenerator(seed, HashShapes.All);
        await _harness.RunAsync(generator.Take(StreamLength));
        _harness.AssertNoMismatches($"seed {seed}, {StreamLength} requests");
    }

    /// <summary>HINCRBYFLOAT's long double arithmetic and formatting, step by step on one field.</summary>
    [Fact]
    public async Task HINCRBYFLOAT_sums_and_formats_as_redis_does()
    {
        string[] steps =
        [
            "0.1", "0.2", "0.3", "-0.6", "1e-20", "3.0e3", "-3000", "1.23456789012345678901", "1e17", "-1e17", "0.5",
            "0x1.8p1", "1e400", "1e400", "-1e400", "-1e400", "7", "2.5e-10", "-0.0", "123456789.987654321", "1e-4940",
        ];
        await _harness.RunAsync(DiffCommand.Of("DEL", "f"));
        foreach (var step in steps)
        {
            await _harness.RunAsync(DiffCommand.Of("HINCRBYFLOAT", "f", "x", step));
            await _harness.RunAsync(DiffCommand.Of("HGET", "f", "x"));
        }

        foreach (var stored in new[] { "1e2", "0x10", "inf", "-inf", " 1", "1 ", "", "abc", "5.", ".5", "9223372036854775807", "1e4933" })
        {
            await _harness.RunAsync(DiffCommand.Of("HSET", "f", "y", stored));
            await _harness.RunAsync(DiffCommand.Of("HINCRBYFLOAT", "f", "y", "1"));
        }

        _harness.AssertNoMismatches("HINCRBYFLOAT steps");
    }

    [Fact]
    public void Unordered_comparisons_ignore_order_only()
    {
        static byte[] B(string text) => System.Text.Encoding.Latin1.GetBytes(text);
        var ab = B("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
        var ba = B("*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n");
        var crossed = B("*4\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n1\r\n");
        Assert.True(UnorderedReplies.Pairs(ab, ba));
        Assert.False(UnorderedReplies.Pairs(ab, crossed));
        Assert.True(UnorderedReplies.Elements(ab, crossed));
        Assert.False(UnorderedReplies.Elements(ab, B("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n3\r\n")));
        Assert.False(UnorderedReplies.Elements(B("-ERR x\r\n"), B("-ERR y\r\n")));
        Assert.True(UnorderedReplies.Scan(B("*2\r\n$1\r\n0\r\n" + "*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n"), B("*2\r\n$1\r\n0\r\n" + "*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n")));
        Assert.False(UnorderedReplies.Scan(B("*2\r\n$1\r\n0\r\n*0\r\n"), B("*2\r\n$1\r\n5\r\n*0\r\n")));
        Assert.True(UnorderedReplies.SameShape(B("*2\r\n$1\r\na\r\n$1\r\na\r\n"), B("*2\r\n$2\r\nbb\r\n$0\r\n\r\n")));
        Assert.False(UnorderedReplies.SameShape(B("*2\r\n$1\r\na\r\n$1\r\na\r\n"), B("*1\r\n$1\r\na\r\n")));
        Assert.False(UnorderedReplies.SameShape(B("$1\r\na\r\n"), B("$-1\r\n")));
    }
}
