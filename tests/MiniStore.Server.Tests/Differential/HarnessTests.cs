using System.Text;
using Microsoft.Extensions.Time.Testing;
using MiniStore.Server.Tests.Support;

namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// The harness itself: it must see a difference that is there, tolerate only the clock's drift, keep replies as their
/// exact bytes, and pass a stream that avoids what MiniStore does not do yet.
/// </summary>
[Collection(DifferentialTests.Name)]
public sealed class HarnessTests(DifferentialServers servers) : IAsyncLifetime
{
    private DifferentialHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await DifferentialHarness.OpenAsync(servers);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task An_injected_difference_is_reported_with_both_replies()
    {
        await _harness.RunAsync(DiffCommand.Of("SET", "same", "1"));
        await _harness.MiniStore.CommandAsync("SET", "a", "only\r\nhere");

        await _harness.RunAsync(DiffCommand.Of("GET", "same"));
        await _harness.RunAsync(DiffCommand.Of("GET", "a"));

        var mismatch = Assert.Single(_harness.Mismatches);
        Assert.Equal(2, mismatch.Index);
        Assert.Equal("GET a", mismatch.Command.ToString());
        Assert.Equal("$-1\r\n"u8.ToArray(), mismatch.Redis);
        Assert.Equal("$10\r\nonly\r\nhere\r\n"u8.ToArray(), mismatch.MiniStore);
        var failure = Assert.ThrowsAny<Exception>(() => _harness.AssertNoMismatches("injected"));
        Assert.Contains("injected: 1 of 3 replies differ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#2 GET a\n    redis:     \"$-1\\r\\n\"\n    ministore: \"$10\\r\\nonly\\r\\nhere\\r\\n\"", failure.Message, StringComparison.Ordinal);
        Assert.Contains("after:     SET same 1 | GET same", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mismatch_flushes_both_servers_so_the_next_one_is_independent()
    {
        await _harness.MiniStore.CommandAsync("SET", "a", "x");
        Assert.False((await _harness.RunAsync(DiffCommand.Of("EXISTS", "a"))).Same);
        Assert.True((await _harness.RunAsync(DiffCommand.Of("DBSIZE"))).Same);

        _harness.ResetAfterMismatch = false;
        await _harness.MiniStore.CommandAsync("SET", "a", "x");
        Assert.False((await _harness.RunAsync(DiffCommand.Of("EXISTS", "a"))).Same);
        Assert.False((await _harness.RunAsync(DiffCommand.Of("DBSIZE"))).Same);
    }

    [Fact]
    public async Task Only_TTL_and_PTTL_drift_within_their_tolerance()
    {
        // 600 ms apart: TTLs 100 and 101 (rounded), PTTLs 600 apart, whatever the few milliseconds between the SETs.
        await _harness.Redis.CommandAsync("SET", "t", "v", "EX", "100");
        await _harness.MiniStore.CommandAsync("SET", "t", "v", "PX", "100600");
        Assert.True((await _harness.RunAsync(DiffCommand.Timed(1, "TTL", "t"))).Same);
        Assert.True((await _harness.RunAsync(DiffCommand.Timed(1000, "PTTL", "t"))).Same);
        Assert.False((await _harness.RunAsync(DiffCommand.Of("TTL", "t"))).Same);

        _harness.ResetAfterMismatch = false;
        await _harness.Redis.CommandAsync("SET", "t", "v", "EX", "100");
        await _harness.MiniStore.CommandAsync("SET", "t", "v", "PX", "102500");
        Assert.False((await _harness.RunAsync(DiffCommand.Timed(1, "TTL", "t"))).Same);
        Assert.False((await _harness.RunAsync(DiffCommand.Timed(1000, "PTTL", "t"))).Same);

        // -1 (no expiry) and -2 (no key) are answers, not times.
        await _harness.Redis.CommandAsync("PERSIST", "t");
        await _harness.MiniStore.CommandAsync("DEL", "t");
        Assert.False((await _harness.RunAsync(DiffCommand.Timed(1, "TTL", "t"))).Same);
    }

    [Theory]
    [InlineData("+OK\r\n", "$2\r\nOK\r\n")]
    [InlineData(":1\r\n", "$1\r\n1\r\n")]
    [InlineData("-ERR syntax error\r\n", "-ERR syntax error \r\n")]
    [InlineData("$-1\r\n", "*-1\r\n")]
    [InlineData("$0\r\n\r\n", "$-1\r\n")]
    [InlineData(":-1\r\n", ":0\r\n")]
    public void Replies_that_differ_only_in_type_or_a_byte_differ(string redis, string miniStore)
    {
        Assert.False(ReplyComparison.Equivalent(Encoding.ASCII.GetBytes(redis), Encoding.ASCII.GetBytes(miniStore), tolerance: 1000));
    }

    [Theory]
    [InlineData("+OK\r\n")]
    [InlineData("-ERR x\r\n")]
    [InlineData(":-12\r\n")]
    [InlineData("$-1\r\n")]
    [InlineData("$0\r\n\r\n")]
    [InlineData("$4\r\na\r\nb\r\n")]
    [InlineData("*-1\r\n")]
    [InlineData("*0\r\n")]
    [InlineData("*2\r\n*2\r\n:1\r\n$1\r\nx\r\n*0\r\n")]
    [InlineData("%1\r\n+k\r\n~2\r\n_\r\n#t\r\n")]
    [InlineData("|1\r\n+ttl\r\n:3\r\n:7\r\n")]
    [InlineData("=7\r\ntxt:abc\r\n")]
    public void A_reply_is_measured_whole_and_not_before_its_last_byte(string reply)
    {
        var bytes = Encoding.ASCII.GetBytes(reply);
        var withNext = bytes.Concat("+NEXT\r\n"u8.ToArray()).ToArray();
        Assert.True(RespFrame.TryMeasure(withNext, out var length));
        Assert.Equal(bytes.Length, length);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            Assert.False(RespFrame.TryMeasure(bytes.AsSpan(0, cut), out _), $"complete at {cut} of {bytes.Length}");
        }
    }

    [Fact]
    public void Bytes_that_are_not_RESP_are_refused()
    {
        Assert.Throws<InvalidDataException>(() => RespFrame.TryMeasure("hello\r\n"u8, out _));
        Assert.Throws<InvalidDataException>(() => RespFrame.TryMeasure("$3\r\nabcd\r\n"u8, out _));
        Assert.Throws<InvalidDataException>(() => RespFrame.TryMeasure("*x\r\n"u8, out _));
    }

    [Fact]
    public async Task The_raw_client_returns_a_nested_reply_as_its_exact_bytes()
    {
        await _harness.Redis.CommandAsync("SET", "n", "v");
        var reply = await _harness.Redis.CommandAsync("COMMAND", "INFO", "get");
        Assert.StartsWith("*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*", Encoding.ASCII.GetString(reply), StringComparison.Ordinal);
        Assert.True(RespFrame.TryMeasure(reply, out var length));
        Assert.Equal(reply.Length, length);

        // The next reply starts right after: nothing of the nested one was left behind or eaten.
        Assert.Equal("$1\r\nv\r\n"u8.ToArray(), await _harness.Redis.CommandAsync("GET", "n"));
    }

    /// <summary>
    /// The check of the check, part one: redis-server against a second redis-server. Every stream the MiniStore tests
    /// send must match there, or the streams themselves are not deterministic (a key expiring mid-test, a reply that
    /// depends on timing) and a mismatch would not be MiniStore's doing.
    /// </summary>
    [Fact]
    public async Task Redis_against_redis_never_differs()
    {
        await using var second = await RedisServerProcess.StartAsync();
        await using var harness = await DifferentialHarness.OpenAsync(
            new DifferentialEndpoint("redis-server", servers.Redis.Port, RedisServerProcess.Password),
            new DifferentialEndpoint("redis-server 2", second.Port, RedisServerProcess.Password));
        foreach (var seed in StringStreamTests.Seeds)
        {
            await harness.RunAsync(new CommandGenerator(seed, StringShapes.All).Take(StringStreamTests.StreamLength));
        }

        harness.AssertNoMismatches("redis against redis");
    }

    [Fact]
    public void A_seed_always_makes_the_same_stream()
    {
        // EXAT / PXAT deadlines come from the clock: a fixed one, or the seconds could tick between the two streams.
        var settings = new GeneratorSettings { Time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)) };
        byte[] Stream() => new CommandGenerator(7, StringShapes.All, settings).Take(500).SelectMany(c => RawRespClient.Encode(c.Args)).ToArray();
        Assert.Equal(Stream(), Stream());
    }
}
