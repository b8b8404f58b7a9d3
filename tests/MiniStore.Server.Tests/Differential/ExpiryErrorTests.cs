using System.Text;
using MiniStore.Server.Tests.Support;

namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// Redis's error-choice rules for expiry arguments (protocol.md B), case by case: a number that does not parse is
/// "not an integer", one that parses but is not positive or overflows is "invalid expire time", and any syntax error
/// anywhere in the request wins over both. Each case also pins redis-server's own reply, so the oracle is documented.
/// </summary>
[Collection(DifferentialTests.Name)]
public sealed class ExpiryErrorTests(DifferentialServers servers) : IAsyncLifetime
{
    private const string Ok = "+OK\r\n";
    private const string Value = "$1\r\nv\r\n";
    private const string NotInteger = "-ERR value is not an integer or out of range\r\n";
    private const string Syntax = "-ERR syntax error\r\n";
    private const string InvalidSet = "-ERR invalid expire time in 'set' command\r\n";
    private const string InvalidGetEx = "-ERR invalid expire time in 'getex' command\r\n";
    private const string InvalidSetEx = "-ERR invalid expire time in 'setex' command\r\n";
    private const string InvalidPSetEx = "-ERR invalid expire time in 'psetex' command\r\n";

    private DifferentialHarness _harness = null!;

    public static TheoryData<string[], string> Cases => new()
    {
        // SET: numbers that do not parse.
        { ["SET", "k", "v", "EX", "abc"], NotInteger },
        { ["set", "k", "v", "ex", "abc"], NotInteger },
        { ["SET", "k", "v", "PX", "abc"], NotInteger },
        { ["SET", "k", "v", "EX", "1.5"], NotInteger },
        { ["SET", "k", "v", "EX", ""], NotInteger },
        { ["SET", "k", "v", "EX", "+5"], NotInteger },
        { ["SET", "k", "v", "EX", "05"], NotInteger },
        { ["SET", "k", "v", "PX", "-0"], NotInteger },
        { ["SET", "k", "v", "EX", " 5"], NotInteger },
        { ["SET", "k", "v", "EX", "9223372036854775808"], NotInteger },
        { ["SET", "k", "v", "EXAT", "abc"], NotInteger },
        { ["SET", "k", "v", "PXAT", "1.5"], NotInteger },

        // SET: integers that are not a valid expiry.
        { ["SET", "k", "v", "EX", "0"], InvalidSet },
        { ["SET", "k", "v", "EX", "-1"], InvalidSet },
        { ["SET", "k", "v", "PX", "0"], InvalidSet },
        { ["SET", "k", "v", "PX", "-1"], InvalidSet },
        { ["SET", "k", "v", "EX", "9223372036854775807"], InvalidSet },
        { ["SET", "k", "v", "EX", "9223372036854776"], InvalidSet },
        { ["SET", "k", "v", "PX", "9223372036854775807"], InvalidSet },
        { ["SET", "k", "v", "EX", "-9223372036854775808"], InvalidSet },
        { ["SET", "k", "v", "EXAT", "0"], InvalidSet },
        { ["SET", "k", "v", "PXAT", "-1"], InvalidSet },
        { ["SET", "k", "v", "EXAT", "9223372036854775807"], InvalidSet },

        // SET: valid edges (a deadline in the past expires the key at once).
        { ["SET", "k", "v", "EXAT", "1"], Ok },
        { ["SET", "k", "v", "PXAT", "1"], Ok },
        { ["SET", "k", "v", "PXAT", "9223372036854775807"], Ok },
        { ["SET", "k", "v", "PX", "9000000000000000000"], Ok },
        { ["SET", "k", "v", "EX", "9000000000000000"], Ok },

        // SET: a syntax error anywhere wins over a bad number, wherever the number is.
        { ["SET", "k", "v", "EX", "abc", "NX", "XX"], Syntax },
        { ["SET", "k", "v", "NX", "XX", "EX", "abc"], Syntax },
        { ["SET", "k", "v", "EX", "0", "FOO"], Syntax },
        { ["SET", "k", "v", "EX", "abc", "PX", "100"], Syntax },
        { ["SET", "k", "v", "EX", "abc", "KEEPTTL"], Syntax },
        { ["SET", "k", "v", "EXAT", "abc", "PXAT", "1"], Syntax },
        { ["SET", "k", "v", "EX", "10", "EXAT", "abc"], Syntax },
        { ["SET", "k", "v", "EX"], Syntax },
        { ["SET", "k", "v", "EX", "abc", "EX"], Syntax },
        { ["SET", "k", "v", "PERSIST"], Syntax },

        // SET: a repeated option's last number is the one judged.
        { ["SET", "k", "v", "EX", "abc", "EX", "100"], Ok },
        { ["SET", "k", "v", "EX", "100", "EX", "abc"], NotInteger },
        { ["SET", "k", "v", "EX", "100", "EX", "0"], InvalidSet },
        { ["SET", "k", "v", "GET", "EX", "abc"], NotInteger },
        { ["SET", "k", "v", "NX", "GET"], Value },

        // GETEX.
        { ["GETEX", "k", "EX", "abc"], NotInteger },
        { ["GETEX", "k", "EX", "1.5"], NotInteger },
        { ["GETEX", "k", "PXAT", "abc"], NotInteger },
        { ["GETEX", "k", "EX", "0"], InvalidGetEx },
        { ["GETEX", "k", "PX", "-1"], InvalidGetEx },
        { ["GETEX", "k", "EXAT", "0"], InvalidGetEx },
        { ["GETEX", "k", "EX", "9223372036854775807"], InvalidGetEx },
        { ["GETEX", "k", "EX", "abc", "PERSIST"], Syntax },
        { ["GETEX", "k", "PERSIST", "EX", "abc"], Syntax },
        { ["GETEX", "k", "EX", "10", "PX", "10"], Syntax },
        { ["GETEX", "k", "EX"], Syntax },
        { ["GETEX", "k", "KEEPTTL"], Syntax },
        { ["GETEX", "k", "FOO"], Syntax },
        { ["GETEX", "k", "EX", "abc", "EX", "100"], Value },
        { ["GETEX", "k", "PERSIST", "PERSIST"], Value },
        { ["GETEX", "k", "EXAT", "1"], Value },

        // SETEX / PSETEX.
        { ["SETEX", "k", "abc", "v"], NotInteger },
        { ["SETEX", "k", "1.5", "v"], NotInteger },
        { ["SETEX", "k", "", "v"], NotInteger },
        { ["SETEX", "k", "05", "v"], NotInteger },
        { ["SETEX", "k", "0", "v"], InvalidSetEx },
        { ["SETEX", "k", "-1", "v"], InvalidSetEx },
        { ["SETEX", "k", "9223372036854775807", "v"], InvalidSetEx },
        { ["PSETEX", "k", "abc", "v"], NotInteger },
        { ["PSETEX", "k", "+5", "v"], NotInteger },
        { ["PSETEX", "k", "0", "v"], InvalidPSetEx },
        { ["PSETEX", "k", "-1", "v"], InvalidPSetEx },
        { ["PSETEX", "k", "9223372036854775807", "v"], InvalidPSetEx },
        { ["SETEX", "k", "10"], "-ERR wrong number of arguments for 'setex' command\r\n" },
        { ["PSETEX", "k", "10", "v", "w"], "-ERR wrong number of arguments for 'psetex' command\r\n" },
    };

    public async Task InitializeAsync() => _harness = await DifferentialHarness.OpenAsync(servers);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    /// <summary>
    /// The request on an existing key (whose reply redis-server must give as <paramref name="redisReply"/>), then on a
    /// missing one, each followed by GET and PTTL so the effect is compared too.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Replies_match_redis(string[] request, string redisReply)
    {
        // No flush after a mismatch here: what the request did to the key (GET, PTTL after it) is compared too.
        _harness.ResetAfterMismatch = false;
        var command = DiffCommand.Of(request);
        await _harness.RunAsync(DiffCommand.Of("SET", "k", "v"));
        var onExisting = await _harness.RunAsync(command);
        await _harness.RunAsync(DiffCommand.Of("GET", "k"));
        await _harness.RunAsync(DiffCommand.Timed(1000, "PTTL", "k"));
        await _harness.RunAsync(DiffCommand.Of("DEL", "k"));
        await _harness.RunAsync(command);
        await _harness.RunAsync(DiffCommand.Of("GET", "k"));
        await _harness.RunAsync(DiffCommand.Timed(1000, "PTTL", "k"));

        var expected = Encoding.Latin1.GetBytes(redisReply);
        Assert.True(
            onExisting.Redis.AsSpan().SequenceEqual(expected),
            $"the oracle: redis-server replied {RespFrame.Escape(onExisting.Redis)} to {command}, the case expects {RespFrame.Escape(expected)}");
        _harness.AssertNoMismatches(command.ToString());
    }
}
