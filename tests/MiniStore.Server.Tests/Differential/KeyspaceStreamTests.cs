using System.Globalization;
using System.Text;
using MiniStore.Server.Tests.Support;

namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// Random streams of keyspace requests over the four default keys, sent to redis-server 7 and to MiniStore. Every
/// reply must be the same bytes (TTL and EXPIRETIME within 1 s, PTTL and PEXPIRETIME within 1000 ms), except those
/// of <see cref="KeyspaceShapes.Unordered"/>: KEYS must list the same keys in any order, a SCAN is run to its end on
/// each server and must visit the same keys, and RANDOMKEY must be nil on both or name a key its server holds.
/// Errors from those are still compared byte for byte. The seeds are fixed, so a failure reproduces.
/// </summary>
[Collection(DifferentialTests.Name)]
public sealed class KeyspaceStreamTests(DifferentialServers servers) : IAsyncLifetime
{
    public const int StreamLength = 1_500;

    public static readonly int[] Seeds = [11, 12, 13];

    private readonly List<string> _unorderedMismatches = [];
    private DifferentialHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await DifferentialHarness.OpenAsync(servers);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public static TheoryData<int> SeedData => new(Seeds);

    [Theory]
    [MemberData(nameof(SeedData))]
    public async Task Random_keyspace_stream_replies_match_redis(int seed)
    {
        var generator = new CommandGenerator(seed, KeyspaceShapes.All);
        var unordered = 0;
        foreach (var command in generator.Take(StreamLength))
        {
            if (IsUnordered(command))
            {
                unordered++;
                await CompareUnorderedAsync(command);
            }
            else
            {
                await _harness.RunAsync(command);
            }
        }

        Assert.True(unordered > 100, $"only {unordered} KEYS/SCAN/RANDOMKEY requests");
        AssertNoMismatches($"seed {seed}, {StreamLength} requests");
    }

    /// <summary>Every EXPIRE option combination (valid and conflicting), on a key without a TTL, with one, and missing; each followed by PTTL.</summary>
    [Fact]
    public async Task Every_EXPIRE_option_combination_matches_redis()
    {
        string[] words = ["NX", "XX", "GT", "LT"];
        foreach (var command in new[] { "EXPIRE", "PEXPIRE" })
        {
            var numbers = command == "EXPIRE" ? new[] { "50", "500", "-1" } : new[] { "50000", "500000", "0" };
            for (var mask = 0; mask < 1 << words.Length; mask++)
            {
                var chosen = words.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
                foreach (var number in numbers)
                {
                    foreach (var state in new[] { "missing", "persistent", "volatile" })
                    {
                        await _harness.RunAsync(DiffCommand.Of("DEL", "k"));
                        if (state != "missing")
                        {
                            await _harness.RunAsync(state == "volatile" ? DiffCommand.Of("SET", "k", "v", "EX", "100") : DiffCommand.Of("SET", "k", "v"));
                        }

                        await _harness.RunAsync(DiffCommand.Of([command, "k", number, .. chosen]));
                        await _harness.RunAsync(DiffCommand.Timed(1000, "PTTL", "k"));
                        await _harness.RunAsync(DiffCommand.Of("EXISTS", "k"));
                    }
                }
            }
        }

        AssertNoMismatches("EXPIRE option combinations");
    }

    /// <summary>SCAN and KEYS over a few hundred keys of both types: the same keys for every COUNT, MATCH and TYPE.</summary>
    [Fact]
    public async Task SCAN_and_KEYS_over_many_keys_match_redis()
    {
        for (var i = 0; i < 300; i++)
        {
            await _harness.RunAsync(i % 3 == 0 ? DiffCommand.Of("SADD", $"set:{i}", "m") : DiffCommand.Of("SET", $"str:{i}", "v"));
        }

        foreach (var options in new[]
        {
            Array.Empty<string>(), ["COUNT", "1"], ["COUNT", "7"], ["COUNT", "1000"], ["MATCH", "str:1*"], ["TYPE", "set", "COUNT", "5"],
            ["MATCH", "set:?"], ["TYPE", "STRING", "MATCH", "*9"],
        })
        {
            await CompareUnorderedAsync(DiffCommand.Of(["SCAN", "0", .. options]));
        }

        foreach (var pattern in new[] { "*", "str:*", "set:1?", "*[05]", "nothing" })
        {
            await CompareUnorderedAsync(DiffCommand.Of("KEYS", pattern));
        }

        await CompareUnorderedAsync(DiffCommand.Of("RANDOMKEY"));
        AssertNoMismatches("SCAN and KEYS over 300 keys");
    }

    private static bool IsUnordered(DiffCommand command) =>
        KeyspaceShapes.Unordered.Any(name => Encoding.ASCII.GetString(command.Args[0]).Equals(name, StringComparison.OrdinalIgnoreCase));

    private static string Name(DiffCommand command) => Encoding.ASCII.GetString(command.Args[0]).ToUpperInvariant();

    private async Task CompareUnorderedAsync(DiffCommand command)
    {
        var redis = await KeysOfAsync(_harness.Redis, command);
        var miniStore = await KeysOfAsync(_harness.MiniStore, command);
        string? problem = null;
        if (redis.Error is not null || miniStore.Error is not null)
        {
            if (!(redis.Error ?? []).AsSpan().SequenceEqual(miniStore.Error ?? []))
            {
                problem = $"redis-server {Show(redis.Error)}, MiniStore {Show(miniStore.Error)}";
            }
        }
        else if (Name(command) == "RANDOMKEY")
        {
            problem = await CheckRandomKeyAsync(redis.Keys, miniStore.Keys);
        }
        else if (!redis.Keys.SequenceEqual(miniStore.Keys))
        {
            problem = $"redis-server [{string.Join(", ", redis.Keys)}], MiniStore [{string.Join(", ", miniStore.Keys)}]";
        }

        if (problem is not null)
        {
            _unorderedMismatches.Add($"{command}: {problem}");
            await _harness.FlushAllAsync();
        }
    }

    /// <summary>Each RANDOMKEY must be nil exactly when its server's KEYS * is empty, and otherwise one of those keys.</summary>
    private async Task<string?> CheckRandomKeyAsync(IReadOnlyList<string> redisPick, IReadOnlyList<string> miniStorePick)
    {
        var all = DiffCommand.Of("KEYS", "*");
        var redisKeys = (await KeysOfAsync(_harness.Redis, all)).Keys;
        var miniStoreKeys = (await KeysOfAsync(_harness.MiniStore, all)).Keys;
        if (!redisKeys.SequenceEqual(miniStoreKeys))
        {
            return $"KEYS * differs: redis-server [{string.Join(", ", redisKeys)}], MiniStore [{string.Join(", ", miniStoreKeys)}]";
        }

        bool Fits(IReadOnlyList<string> pick) => pick.Count == 0 ? redisKeys.Count == 0 : redisKeys.Contains(pick[0]);
        return Fits(redisPick) && Fits(miniStorePick)
            ? null
            : $"picked redis-server [{string.Join(", ", redisPick)}], MiniStore [{string.Join(", ", miniStorePick)}] from [{string.Join(", ", redisKeys)}]";
    }

    /// <summary>
    /// The keys a KEYS, RANDOMKEY or whole SCAN (followed from the given cursor to 0) returns, escaped, sorted and
    /// without repeats; or the error reply's bytes.
    /// </summary>
    private static async Task<(IReadOnlyList<string> Keys, byte[]? Error)> KeysOfAsync(RawRespClient client, DiffCommand command)
    {
        var args = command.Args.ToArray();
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        for (var calls = 0; calls < 100_000; calls++)
        {
            var reply = await client.CommandAsync(args);
            var offset = 0;
            var value = Parse(reply, ref offset);
            switch (value)
            {
                case RespErrorBytes:
                    return ([], reply);
                case null:
                    return ([], null);
                case byte[] single:
                    keys.Add(RespFrame.Escape(single));
                    return (keys.ToList(), null);
                case object?[] { Length: 2 } pair when Name(command) == "SCAN" && pair[0] is byte[] cursor && pair[1] is object?[] page:
                    foreach (var key in page)
                    {
                        keys.Add(RespFrame.Escape((byte[])key!));
                    }

                    if (cursor.AsSpan().SequenceEqual("0"u8))
                    {
                        return (keys.ToList(), null);
                    }

                    args[1] = cursor;
                    break;
                case object?[] list:
                    foreach (var key in list)
                    {
                        keys.Add(RespFrame.Escape((byte[])key!));
                    }

                    return (keys.ToList(), null);
                default:
                    throw new InvalidDataException($"{client.Name}: unexpected reply {RespFrame.Escape(reply)} to {command}");
            }
        }

        throw new InvalidOperationException($"{client.Name}: SCAN did not end: {command}");
    }

    /// <summary>RESP2: bulk and simple strings as bytes, integers as long, arrays as object?[], nil as null.</summary>
    private static object? Parse(byte[] reply, ref int offset)
    {
        var end = Array.IndexOf(reply, (byte)'\r', offset);
        var type = reply[offset];
        var line = Encoding.Latin1.GetString(reply, offset + 1, end - offset - 1);
        offset = end + 2;
        switch (type)
        {
            case (byte)'-':
                return new RespErrorBytes();
            case (byte)'+':
                return Encoding.Latin1.GetBytes(line);
            case (byte)':':
                return long.Parse(line, CultureInfo.InvariantCulture);
            case (byte)'$':
                var length = int.Parse(line, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                var data = reply.AsSpan(offset, length).ToArray();
                offset += length + 2;
                return data;
            case (byte)'*':
                var count = int.Parse(line, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return null;
                }

                var items = new object?[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = Parse(reply, ref offset);
                }

                return items;
            default:
                throw new InvalidDataException($"unexpected RESP type in {RespFrame.Escape(reply)}");
        }
    }

    private static string Show(byte[]? reply) => reply is null ? "a key list" : RespFrame.Escape(reply);

    private void AssertNoMismatches(string what)
    {
        var report = _harness.Report();
        if (_unorderedMismatches.Count > 0)
        {
            report += $"{_unorderedMismatches.Count} KEYS/SCAN/RANDOMKEY replies differ; the first ones:\n" + string.Join('\n', _unorderedMismatches.Take(10));
        }

        if (report.Length > 0)
        {
            Assert.Fail($"{what}: {report}");
        }
    }

    private sealed class RespErrorBytes;
}
