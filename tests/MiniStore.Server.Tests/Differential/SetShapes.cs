namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// The set commands as shapes for <see cref="CommandGenerator"/>, mixed with SET / GET / DEL on the same four keys so
/// that sets and strings collide (WRONGTYPE both ways, STORE over a string). Replies in no particular order (SMEMBERS,
/// SINTER, SSCAN of a small set, SPOP of everything) are compared as sorted; SRANDMEMBER's only by shape. SPOP is only
/// sent in forms whose effect is certain (a count covering every member, 0, or an error), so both servers stay equal.
/// </summary>
public static class SetShapes
{
    /// <summary>Argument counts (after the name) each command takes, as Redis 7.0 declares them; max is <see cref="int.MaxValue"/> when unbounded.</summary>
    public static readonly IReadOnlyList<(string Name, int Min, int Max)> Arity =
    [
        ("SADD", 2, int.MaxValue),
        ("SREM", 2, int.MaxValue),
        ("SISMEMBER", 2, 2),
        ("SMISMEMBER", 2, int.MaxValue),
        ("SCARD", 1, 1),
        ("SMEMBERS", 1, 1),
        ("SPOP", 1, int.MaxValue),
        ("SRANDMEMBER", 1, int.MaxValue),
        ("SINTER", 1, int.MaxValue),
        ("SUNION", 1, int.MaxValue),
        ("SDIFF", 1, int.MaxValue),
        ("SINTERSTORE", 2, int.MaxValue),
        ("SUNIONSTORE", 2, int.MaxValue),
        ("SDIFFSTORE", 2, int.MaxValue),
        ("SINTERCARD", 2, int.MaxValue),
        ("SMOVE", 3, 3),
        ("SSCAN", 2, int.MaxValue),
    ];

    /// <summary>SPOP counts that take every member of a set (the value pool has ten members at most), or none.</summary>
    private static readonly string[] CertainPopCounts = ["10", "11", "100", "9223372036854775807", "0"];

    private static readonly string[] BadPopCounts = ["-1", "abc", "", "-9223372036854775808", "1.5"];

    private static readonly string[] RandomCounts =
        ["0", "1", "2", "3", "5", "10", "100", "-1", "-2", "-5", "-20", "abc", "", "-9223372036854775808", "9223372036854775807"];

    private static readonly string[] Patterns = ["*", "h*", "*l*", "v", "?", "[0-9]*", "*x*", ""];

    public static IReadOnlyList<CommandShape> All { get; } =
    [
        new("SADD", 25, g => DiffCommand.Of([g.Word("SADD"), g.Key(), .. Values(g, 1 + g.Random.Next(4))])),
        new("SREM", 10, g => DiffCommand.Of([g.Word("SREM"), g.Key(), .. Values(g, 1 + g.Random.Next(3))])),
        new("SISMEMBER", 6, g => DiffCommand.Of(g.Word("SISMEMBER"), g.Key(), g.Value())),
        new("SMISMEMBER", 6, g => DiffCommand.Of([g.Word("SMISMEMBER"), g.Key(), .. Values(g, 1 + g.Random.Next(3))])),
        new("SCARD", 6, g => DiffCommand.Of(g.Word("SCARD"), g.Key())),
        new("SMEMBERS", 8, g => DiffCommand.Unordered(g.Word("SMEMBERS"), g.Key())),
        new("SPOP", 6, Pop),
        new("SRANDMEMBER", 8, RandomMember),
        new("SINTER", 6, g => DiffCommand.Unordered([g.Word("SINTER"), .. g.Keys(1 + g.Random.Next(3))])),
        new("SUNION", 6, g => DiffCommand.Unordered([g.Word("SUNION"), .. g.Keys(1 + g.Random.Next(3))])),
        new("SDIFF", 6, g => DiffCommand.Unordered([g.Word("SDIFF"), .. g.Keys(1 + g.Random.Next(3))])),
        new("SINTERSTORE", 5, g => DiffCommand.Of([g.Word("SINTERSTORE"), g.Key(), .. g.Keys(1 + g.Random.Next(3))])),
        new("SUNIONSTORE", 5, g => DiffCommand.Of([g.Word("SUNIONSTORE"), g.Key(), .. g.Keys(1 + g.Random.Next(3))])),
        new("SDIFFSTORE", 5, g => DiffCommand.Of([g.Word("SDIFFSTORE"), g.Key(), .. g.Keys(1 + g.Random.Next(3))])),
        new("SINTERCARD", 6, InterCard),
        new("SMOVE", 6, g => DiffCommand.Of(g.Word("SMOVE"), g.Key(), g.Key(), g.Value())),
        new("SSCAN", 6, Scan),
        new("SET", 8, g => DiffCommand.Of(g.Word("SET"), g.Key(), g.Value())),
        new("GET", 4, g => DiffCommand.Of(g.Word("GET"), g.Key())),
        new("DEL", 4, g => DiffCommand.Of([g.Word("DEL"), .. g.Keys(1 + g.Random.Next(2))])),
        new("EXISTS", 3, g => DiffCommand.Of([g.Word("EXISTS"), .. g.Keys(1 + g.Random.Next(3))])),
        new("wrong arity", 4, WrongArity),
    ];

    private static IEnumerable<byte[]> Values(CommandGenerator g, int count) => Enumerable.Range(0, count).Select(_ => g.Value());

    private static DiffCommand Pop(CommandGenerator g) => g.Random.Next(10) switch
    {
        < 6 => DiffCommand.Unordered(g.Word("SPOP"), g.Key(), g.Pick(CertainPopCounts)),
        < 9 => DiffCommand.Of(g.Word("SPOP"), g.Key(), g.Pick(BadPopCounts)),
        _ => DiffCommand.Of(g.Word("SPOP"), g.Key(), "1", "2"),
    };

    private static DiffCommand RandomMember(CommandGenerator g) => g.Random.Next(10) switch
    {
        < 2 => DiffCommand.Shaped(g.Word("SRANDMEMBER"), g.Key()),
        < 9 => DiffCommand.Shaped(g.Word("SRANDMEMBER"), g.Key(), g.Pick(RandomCounts)),
        _ => DiffCommand.Shaped(g.Word("SRANDMEMBER"), g.Key(), "1", "2"),
    };

    /// <summary><c>SINTERCARD numkeys key... [LIMIT n]</c>, sometimes with a bad numkeys or LIMIT, a stray word or a LIMIT without its number.</summary>
    private static DiffCommand InterCard(CommandGenerator g)
    {
        var keys = 1 + g.Random.Next(3);
        var numKeys = g.Random.Next(12) switch
        {
            0 => "0",
            1 => "-1",
            2 => "abc",
            3 => $"{keys + 1}",
            _ => $"{keys}",
        };
        List<object> args = [g.Word("SINTERCARD"), numKeys, .. g.Keys(keys)];
        switch (g.Random.Next(10))
        {
            case < 4:
                break;
            case < 8:
                args.AddRange([g.Word("LIMIT"), g.Pick(new[] { "0", "1", "2", "5" })]);
                break;
            case 8:
                args.AddRange([g.Word("LIMIT"), g.Pick(new[] { "-1", "x", "" })]);
                break;
            default:
                args.Add(g.Chance(0.5) ? g.Word("LIMIT") : g.Word("FOO"));
                break;
        }

        return DiffCommand.Of([.. args]);
    }

    /// <summary>
    /// SSCAN from cursor 0 with a COUNT above any set's size here (redis-server then walks its whole table in one call),
    /// any MATCH; or a bad cursor, COUNT or option, which are errors whatever the set.
    /// </summary>
    private static DiffCommand Scan(CommandGenerator g)
    {
        List<object> args = [g.Word("SSCAN"), g.Key()];
        var roll = g.Random.Next(10);
        args.Add(roll == 0 ? g.Pick(new[] { "abc", " 1", "1 ", "18446744073709551616", "+" }) : "0");
        if (g.Chance(0.5))
        {
            args.AddRange([g.Word("MATCH"), g.Pick(Patterns)]);
        }

        args.AddRange([g.Word("COUNT"), roll == 1 ? g.Pick(new[] { "0", "-1", "x" }) : g.Pick(new[] { "11", "50", "1000" })]);
        if (roll == 2)
        {
            args.Add(g.Chance(0.5) ? g.Word("MATCH") : g.Word("TYPE"));
        }

        return DiffCommand.Unordered([.. args]);
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
