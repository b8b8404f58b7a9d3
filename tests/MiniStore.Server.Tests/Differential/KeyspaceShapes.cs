namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// The keyspace commands as shapes for <see cref="CommandGenerator"/>: the EXPIRE family with every NX/XX/GT/LT
/// combination (conflicts and unknown words included) and good, past and overflowing numbers, EXPIRETIME,
/// PERSIST, TYPE, TOUCH, RENAME(NX), COPY with its options, and KEYS / SCAN / RANDOMKEY, whose replies are compared
/// as sets (<see cref="KeyspaceStreamTests"/>). Strings and sets are written to the same four keys, so types collide.
/// </summary>
public static class KeyspaceShapes
{
    /// <summary>The commands whose replies list keys in an order of the server's own: compared as sets, not bytes.</summary>
    public static readonly IReadOnlyList<string> Unordered = ["KEYS", "SCAN", "RANDOMKEY"];

    /// <summary>Argument counts (after the name) each command takes, as Redis 7.0 declares them; max is <see cref="int.MaxValue"/> when unbounded.</summary>
    public static readonly IReadOnlyList<(string Name, int Min, int Max)> Arity =
    [
        ("EXPIRE", 2, int.MaxValue),
        ("PEXPIRE", 2, int.MaxValue),
        ("EXPIREAT", 2, int.MaxValue),
        ("PEXPIREAT", 2, int.MaxValue),
        ("EXPIRETIME", 1, 1),
        ("PEXPIRETIME", 1, 1),
        ("PERSIST", 1, 1),
        ("TYPE", 1, 1),
        ("TOUCH", 1, int.MaxValue),
        ("RANDOMKEY", 0, 0),
        ("KEYS", 1, 1),
        ("SCAN", 1, int.MaxValue),
        ("RENAME", 2, 2),
        ("RENAMENX", 2, 2),
        ("COPY", 2, int.MaxValue),
    ];

    /// <summary>Patterns for KEYS and SCAN MATCH over the default keys (a, b, the empty key, a binary one).</summary>
    public static readonly IReadOnlyList<string> Patterns = ["*", "a", "?", "[ab]", "[^a]", "*k*", "\\a", "", "[a-", "a*", "*\r\n*", "[\0-\u0001]*"];

    public static IReadOnlyList<CommandShape> All { get; } =
    [
        new("SET", 12, Set),
        new("SADD", 8, g => DiffCommand.Of([g.Word("SADD"), g.Key(), .. Enumerable.Range(0, 1 + g.Random.Next(3)).Select(_ => g.Value())])),
        new("GET", 3, g => DiffCommand.Of(g.Word("GET"), g.Key())),
        new("SCARD", 3, g => DiffCommand.Of(g.Word("SCARD"), g.Key())),
        new("DEL", 3, g => DiffCommand.Of([g.Word("DEL"), .. g.Keys(1 + g.Random.Next(2))])),
        new("EXPIRE", 20, Expire),
        new("EXPIRETIME", 5, g => DiffCommand.Timed(1, g.Word("EXPIRETIME"), g.Key())),
        new("PEXPIRETIME", 5, g => DiffCommand.Timed(1000, g.Word("PEXPIRETIME"), g.Key())),
        new("TTL", 4, g => DiffCommand.Timed(1, g.Word("TTL"), g.Key())),
        new("PTTL", 4, g => DiffCommand.Timed(1000, g.Word("PTTL"), g.Key())),
        new("PERSIST", 5, g => DiffCommand.Of(g.Word("PERSIST"), g.Key())),
        new("TYPE", 6, g => DiffCommand.Of(g.Word("TYPE"), g.Key())),
        new("TOUCH", 4, g => DiffCommand.Of([g.Word("TOUCH"), .. g.Keys(1 + g.Random.Next(4))])),
        new("RENAME", 6, g => DiffCommand.Of(g.Word("RENAME"), g.Key(), g.Key())),
        new("RENAMENX", 5, g => DiffCommand.Of(g.Word("RENAMENX"), g.Key(), g.Key())),
        new("COPY", 8, Copy),
        new("KEYS", 5, g => DiffCommand.Of(g.Word("KEYS"), g.Pick(Patterns))),
        new("SCAN", 6, Scan),
        new("RANDOMKEY", 3, g => DiffCommand.Of(g.Word("RANDOMKEY"))),
        new("wrong arity", 4, WrongArity),
    ];

    private static DiffCommand Set(CommandGenerator g) => g.Random.Next(3) switch
    {
        0 => DiffCommand.Of(g.Word("SET"), g.Key(), g.Value()),
        1 => DiffCommand.Of(g.Word("SET"), g.Key(), g.Value(), g.Word("EX"), g.Pick(ExpiryNumbers.Seconds)),
        _ => DiffCommand.Of(g.Word("SET"), g.Key(), g.Value(), g.Word("PX"), g.Pick(ExpiryNumbers.Milliseconds)),
    };

    /// <summary>One of the four EXPIRE commands, a number for its unit (good, past, or bad), and zero to two option words.</summary>
    private static DiffCommand Expire(CommandGenerator g)
    {
        var (name, unit) = g.Random.Next(4) switch
        {
            0 => ("EXPIRE", ExpiryUnit.Seconds),
            1 => ("PEXPIRE", ExpiryUnit.Milliseconds),
            2 => ("EXPIREAT", ExpiryUnit.UnixSeconds),
            _ => ("PEXPIREAT", ExpiryUnit.UnixMilliseconds),
        };
        var number = g.Chance(0.08) ? g.Word(g.Pick(new[] { "0", "-1", "-100" })) : g.ExpiryNumber(unit);

        // Relative times get a spread of whole seconds: two EXPIREs of one number a moment apart compare as equal or
        // not depending on whether a millisecond passed between them, on redis-server itself (GT and LT).
        if (unit is ExpiryUnit.Seconds or ExpiryUnit.Milliseconds
            && long.TryParse(number, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            && parsed > 0)
        {
            var spread = g.Random.Next(1, 1000) * (unit == ExpiryUnit.Seconds ? 1L : 1000L);
            number = System.Text.Encoding.ASCII.GetBytes((parsed > 1_000_000_000 ? parsed - spread : parsed + spread).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var options = Enumerable.Range(0, g.Random.Next(10) switch { < 5 => 0, < 9 => 1, _ => 2 })
            .Select(_ => g.Word(g.Chance(0.04) ? g.Pick(new[] { "FOO", "EX", "PERSIST" }) : g.Pick(new[] { "NX", "XX", "GT", "LT" })));
        return DiffCommand.Of([g.Word(name), g.Key(), number, .. options]);
    }

    /// <summary>COPY source destination with REPLACE and DB 0 in any order, sometimes a bad DB or a stray word (never another database: only 0 exists).</summary>
    private static DiffCommand Copy(CommandGenerator g)
    {
        var options = new List<byte[][]>();
        if (g.Chance(0.4))
        {
            options.Add([g.Word("REPLACE")]);
        }

        if (g.Chance(0.2))
        {
            options.Add([g.Word("DB"), g.Word("0")]);
        }

        if (g.Chance(0.08))
        {
            options.Add(g.Random.Next(5) switch
            {
                0 => [g.Word("DB"), g.Word("abc")],
                1 => [g.Word("DB"), g.Word("-1")],
                2 => [g.Word("DB"), g.Word("16")],
                3 => [g.Word("FOO")],
                _ => [g.Word("DB")],
            });
        }

        g.Shuffle(options);
        return DiffCommand.Of([g.Word("COPY"), g.Key(), g.Key(), .. options.SelectMany(o => o)]);
    }

    /// <summary>SCAN from a good or bad cursor with MATCH, COUNT and TYPE in any order, sometimes a bad COUNT or a stray word.</summary>
    private static DiffCommand Scan(CommandGenerator g)
    {
        var cursor = g.Chance(0.85) ? "0" : g.Pick(new[] { "abc", " 0", "", "18446744073709551616", "00", "+0", "-0", "1 " });
        var options = new List<byte[][]>();
        if (g.Chance(0.4))
        {
            options.Add([g.Word("MATCH"), System.Text.Encoding.Latin1.GetBytes(g.Pick(Patterns))]);
        }

        if (g.Chance(0.4))
        {
            options.Add([g.Word("COUNT"), g.Word(g.Chance(0.85) ? g.Pick(new[] { "1", "2", "10", "1000" }) : g.Pick(new[] { "0", "-1", "x" }))]);
        }

        if (g.Chance(0.3))
        {
            options.Add([g.Word("TYPE"), g.Word(g.Pick(new[] { "string", "set", "hash", "zset", "none", "nosuch" }))]);
        }

        if (g.Chance(0.04))
        {
            options.Insert(g.Random.Next(options.Count + 1), [g.Word(g.Pick(new[] { "FOO", "COUNT", "MATCH" }))]);
        }

        g.Shuffle(options);
        return DiffCommand.Of([g.Word("SCAN"), cursor, .. options.SelectMany(o => o)]);
    }

    private static DiffCommand WrongArity(CommandGenerator g)
    {
        var (name, min, max) = g.Pick(Arity);
        int count;
        do
        {
            count = g.Random.Next(Math.Min(max, min + 2) + 3);
        }
        while (count >= min && count <= max);

        return DiffCommand.Of([g.Word(name), .. Enumerable.Range(0, count).Select(_ => g.Chance(0.5) ? g.Key() : g.Value())]);
    }
}
