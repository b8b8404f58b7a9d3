namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// OBJECT against redis-server: each case builds a value from an empty keyspace, then compares OBJECT ENCODING,
/// REFCOUNT and FREQ on it, so every encoding threshold of Redis 7.0's defaults is met from both sides. Values that
/// shrink back below a threshold are left out: Redis never converts back (ValueEncoding says why MiniStore differs).
/// </summary>
[Collection(DifferentialTests.Name)]
public sealed class ObjectEncodingTests(DifferentialServers servers) : IAsyncLifetime
{
    private DifferentialHarness _harness = null!;

    public static TheoryData<string, string[][]> Cases => new()
    {
        { "integer string", [["SET", "k", "123"]] },
        { "negative integer", [["SET", "k", "-9223372036854775808"]] },
        { "integer past long", [["SET", "k", "9223372036854775808"]] },
        { "leading zero", [["SET", "k", "0123"]] },
        { "plus sign", [["SET", "k", "+1"]] },
        { "short string", [["SET", "k", "hello"]] },
        { "44 bytes", [["SET", "k", new string('x', 44)]] },
        { "45 bytes", [["SET", "k", new string('x', 45)]] },
        { "counter", [["INCR", "k"], ["INCRBY", "k", "41"]] },
        { "small hash", [["HSET", "k", "f", "v", "g", "w"]] },
        { "hash of 512 fields", [Hash(512)] },
        { "hash of 513 fields", [Hash(513)] },
        { "hash grown to 513 fields", [Hash(512), ["HSET", "k", "one-more", "v"]] },
        { "hash with a 64-byte value", [["HSET", "k", "f", new string('v', 64)]] },
        { "hash with a 65-byte value", [["HSET", "k", "f", new string('v', 65)]] },
        { "hash with a 65-byte field", [["HSET", "k", new string('f', 65), "v"]] },
        { "list", [["RPUSH", "k", "a", "b"]] },
        { "integer set", [["SADD", "k", "1", "2", "-3"]] },
        { "integer set of 512", [Set(512)] },
        { "integer set of 513", [Set(513)] },
        { "set with a word", [["SADD", "k", "1", "a"]] },
        { "set with a word added later", [["SADD", "k", "1"], ["SADD", "k", "a"]] },
        { "intersection of integer sets", [["SADD", "a", "1", "2", "3"], ["SADD", "b", "2", "3"], ["SINTERSTORE", "k", "a", "b"]] },
        { "small sorted set", [["ZADD", "k", "1", "a", "2", "b"]] },
        { "sorted set of 128", [SortedSet(128)] },
        { "sorted set of 129", [SortedSet(129)] },
        { "sorted set with a 65-byte member", [["ZADD", "k", "1", new string('m', 65)]] },
        { "union of small sorted sets", [["ZADD", "a", "1", "x"], ["ZADD", "b", "2", "y"], ["ZUNIONSTORE", "k", "2", "a", "b"]] },
    };

    public async Task InitializeAsync() => _harness = await DifferentialHarness.OpenAsync(servers);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Encoding_refcount_and_freq_match_redis(string what, string[][] build)
    {
        await _harness.FlushAllAsync();
        foreach (var request in build)
        {
            await _harness.RunAsync(DiffCommand.Of(request));
        }

        var encoding = await _harness.RunAsync(DiffCommand.Of("OBJECT", "ENCODING", "k"));
        await _harness.RunAsync(DiffCommand.Of("object", "refcount", "k"));
        await _harness.RunAsync(DiffCommand.Of("OBJECT", "FREQ", "k"));
        Assert.StartsWith("$", System.Text.Encoding.Latin1.GetString(encoding.Redis));
        _harness.AssertNoMismatches(what);
    }

    [Fact]
    public async Task Errors_missing_keys_and_help_match_redis()
    {
        await _harness.FlushAllAsync();
        string[][] requests =
        [
            ["OBJECT", "ENCODING", "missing"],
            ["OBJECT", "REFCOUNT", "missing"],
            ["OBJECT", "FREQ", "missing"],
            ["OBJECT"],
            ["OBJECT", "ENCODING"],
            ["OBJECT", "ENCODING", "a", "b"],
            ["OBJECT", "NOPE", "k"],
            ["OBJECT", "HELP", "extra"],
        ];
        foreach (var request in requests)
        {
            await _harness.RunAsync(DiffCommand.Of(request));
        }

        _harness.AssertNoMismatches("OBJECT errors");
    }

    /// <summary>Redis's help less IDLETIME's three lines: MiniStore does not offer IDLETIME (see its handler).</summary>
    [Fact]
    public async Task Help_is_redis_help_without_idletime()
    {
        var exchange = await _harness.RunAsync(DiffCommand.Of("OBJECT", "HELP"));
        var redisLines = System.Text.Encoding.Latin1.GetString(exchange.Redis).Split("\r\n");
        var idle = Array.FindIndex(redisLines, line => line.StartsWith("+IDLETIME", StringComparison.Ordinal));
        Assert.True(idle > 0, "redis-server's OBJECT HELP names IDLETIME");
        var expected = redisLines.Where((_, i) => i < idle || i > idle + 2).ToArray();
        expected[0] = $"*{int.Parse(expected[0][1..], System.Globalization.CultureInfo.InvariantCulture) - 3}";
        Assert.Equal(string.Join("\r\n", expected), System.Text.Encoding.Latin1.GetString(exchange.MiniStore));
    }

    private static string[] Hash(int fields) =>
        ["HSET", "k", .. Enumerable.Range(0, fields).SelectMany(i => new[] { $"f{i}", "v" })];

    private static string[] Set(int members) => ["SADD", "k", .. Enumerable.Range(0, members).Select(i => $"{i}")];

    private static string[] SortedSet(int members) =>
        ["ZADD", "k", .. Enumerable.Range(0, members).SelectMany(i => new[] { $"{i}", $"m{i}" })];
}
