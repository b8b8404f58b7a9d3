namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// The sorted set commands as shapes for <see cref="CommandGenerator"/>: ZADD with any mix of its flags, good and bad
/// scores and bounds, every ZRANGE form with its options, pops, ranks, removals by range, ZSCAN and the STORE forms,
/// plus SET/GET/DEL so strings collide with sorted sets. ZRANDMEMBER is random, so it is tested apart.
/// </summary>
public static class SortedSetShapes
{
    public static readonly IReadOnlyList<string> Scores = ["1", "2", "2.5", "0.1", "-3", "10", "1e3", "+inf", "-inf", "0x10", ".5"];

    public static readonly IReadOnlyList<string> BadScores = ["abc", "nan", "", " 1", "1e400", "1e"];

    public static readonly IReadOnlyList<string> Bounds = ["1", "(1", "2.5", "(2.5", "-inf", "+inf", "(-inf", "10", "(10", "0", "", "x", "((1"];

    public static readonly IReadOnlyList<string> LexBounds = ["-", "+", "[a", "(a", "[b", "(m", "[z", "a", "[", "("];

    public static readonly IReadOnlyList<string> Members = ["a", "b", "m", "z", "", "a b"];

    public static readonly IReadOnlyList<string> Ranks = ["0", "1", "-1", "-2", "2", "5", "-100", "100", "x"];

    public static IReadOnlyList<CommandShape> All { get; } =
    [
        new("ZADD", 30, ZAdd),
        new("ZINCRBY", 5, g => DiffCommand.Of(g.Word("ZINCRBY"), g.Key(), Score(g), Member(g))),
        new("ZSCORE", 6, g => DiffCommand.Of(g.Word("ZSCORE"), g.Key(), Member(g))),
        new("ZMSCORE", 4, g => DiffCommand.Of([g.Word("ZMSCORE"), g.Key(), .. Enumerable.Range(0, 1 + g.Random.Next(3)).Select(_ => Member(g))])),
        new("ZCARD", 5, g => DiffCommand.Of(g.Word("ZCARD"), g.Key())),
        new("ZREM", 6, g => DiffCommand.Of([g.Word("ZREM"), g.Key(), .. Enumerable.Range(0, 1 + g.Random.Next(3)).Select(_ => Member(g))])),
        new("ZPOP", 6, ZPop),
        new("ZRANGE", 14, ZRange),
        new("ZRANGEBYSCORE", 5, g => WithRangeOptions(g, g.Chance(0.5) ? "ZRANGEBYSCORE" : "ZREVRANGEBYSCORE", g.Pick(Bounds), g.Pick(Bounds), lex: false)),
        new("ZRANGEBYLEX", 4, g => WithRangeOptions(g, g.Chance(0.5) ? "ZRANGEBYLEX" : "ZREVRANGEBYLEX", g.Pick(LexBounds), g.Pick(LexBounds), lex: true)),
        new("ZREVRANGE", 3, g => DiffCommand.Of([g.Word("ZREVRANGE"), g.Key(), g.Pick(Ranks), g.Pick(Ranks), .. g.Chance(0.5) ? new[] { g.Word("WITHSCORES") } : []])),
        new("ZCOUNT", 4, g => DiffCommand.Of(g.Word("ZCOUNT"), g.Key(), g.Pick(Bounds), g.Pick(Bounds))),
        new("ZLEXCOUNT", 2, g => DiffCommand.Of(g.Word("ZLEXCOUNT"), g.Key(), g.Pick(LexBounds), g.Pick(LexBounds))),
        new("ZRANK", 5, g => DiffCommand.Of(g.Word(g.Chance(0.5) ? "ZRANK" : "ZREVRANK"), g.Key(), Member(g))),
        new("ZREMRANGEBYSCORE", 3, g => DiffCommand.Of(g.Word("ZREMRANGEBYSCORE"), g.Key(), g.Pick(Bounds), g.Pick(Bounds))),
        new("ZREMRANGEBYRANK", 3, g => DiffCommand.Of(g.Word("ZREMRANGEBYRANK"), g.Key(), g.Pick(Ranks), g.Pick(Ranks))),
        new("ZREMRANGEBYLEX", 2, g => DiffCommand.Of(g.Word("ZREMRANGEBYLEX"), g.Key(), g.Pick(LexBounds), g.Pick(LexBounds))),
        new("ZSCAN", 4, ZScan),
        new("ZSTORE", 5, ZStore),
        new("SET", 6, g => DiffCommand.Of(g.Word("SET"), g.Key(), g.Value())),
        new("GET", 3, g => DiffCommand.Of(g.Word("GET"), g.Key())),
        new("DEL", 3, g => DiffCommand.Of(g.Word("DEL"), g.Key())),
        new("EXISTS", 2, g => DiffCommand.Of(g.Word("EXISTS"), g.Key())),
    ];

    private static string Score(CommandGenerator g) => g.Chance(0.08) ? g.Pick(BadScores) : g.Pick(Scores);

    private static string Member(CommandGenerator g) => g.Pick(Members);

    private static DiffCommand ZAdd(CommandGenerator g)
    {
        var args = new List<object> { g.Word("ZADD"), g.Key() };
        foreach (var flag in new[] { "NX", "XX", "GT", "LT", "CH", "INCR" })
        {
            if (g.Chance(0.12))
            {
                args.Add(g.Word(flag));
            }
        }

        var pairs = g.Chance(0.05) ? 0 : 1 + g.Random.Next(3);
        for (var i = 0; i < pairs; i++)
        {
            args.Add(Score(g));
            args.Add(Member(g));
        }

        if (g.Chance(0.04))
        {
            args.Add(Score(g));
        }

        return DiffCommand.Of([.. args]);
    }

    private static DiffCommand ZPop(CommandGenerator g)
    {
        var name = g.Word(g.Chance(0.5) ? "ZPOPMIN" : "ZPOPMAX");
        return g.Random.Next(6) switch
        {
            0 or 1 => DiffCommand.Of(name, g.Key()),
            2 => DiffCommand.Of(name, g.Key(), g.Pick(new[] { "0", "-1", "x", "100" })),
            3 => DiffCommand.Of(name, g.Key(), "1", "2"),
            _ => DiffCommand.Of(name, g.Key(), g.Pick(new[] { "1", "2", "3" })),
        };
    }

    private static DiffCommand ZRange(CommandGenerator g)
    {
        var args = new List<object> { g.Word("ZRANGE"), g.Key() };
        var kind = g.Random.Next(3);
        (string Min, string Max) range = kind switch
        {
            0 => (g.Pick(Ranks), g.Pick(Ranks)),
            1 => (g.Pick(Bounds), g.Pick(Bounds)),
            _ => (g.Pick(LexBounds), g.Pick(LexBounds)),
        };
        args.Add(range.Min);
        args.Add(range.Max);
        var options = new List<object[]>();
        if (kind == 1 || g.Chance(0.05))
        {
            options.Add([g.Word("BYSCORE")]);
        }

        if (kind == 2 || g.Chance(0.03))
        {
            options.Add([g.Word("BYLEX")]);
        }

        if (g.Chance(0.3))
        {
            options.Add([g.Word("REV")]);
        }

        if (g.Chance(0.35))
        {
            options.Add([g.Word("WITHSCORES")]);
        }

        if (g.Chance(0.3))
        {
            options.Add([g.Word("LIMIT"), g.Pick(new[] { "0", "1", "-1", "x" }), g.Pick(new[] { "1", "2", "-1", "0" })]);
        }

        if (g.Chance(0.03))
        {
            options.Add([g.Word(g.Pick(new[] { "FOO", "LIMIT", "REV" }))]);
        }

        g.Shuffle(options);
        args.AddRange(options.SelectMany(o => o));
        return DiffCommand.Of([.. args]);
    }

    private static DiffCommand WithRangeOptions(CommandGenerator g, string name, string min, string max, bool lex)
    {
        var args = new List<object> { g.Word(name), g.Key(), min, max };
        if (g.Chance(lex ? 0.05 : 0.4))
        {
            args.Add(g.Word("WITHSCORES"));
        }

        if (g.Chance(0.3))
        {
            args.Add(g.Word("LIMIT"));
            args.Add(g.Pick(new[] { "0", "1", "-1" }));
            args.Add(g.Pick(new[] { "1", "2", "-1" }));
        }

        if (g.Chance(0.03))
        {
            args.Add(g.Word("REV"));
        }

        return DiffCommand.Of([.. args]);
    }

    private static DiffCommand ZScan(CommandGenerator g)
    {
        var args = new List<object> { g.Word("ZSCAN"), g.Key(), g.Pick(new[] { "0", "0", "x", "-1" }) };
        if (g.Chance(0.4))
        {
            args.Add(g.Word("MATCH"));
            args.Add(g.Pick(new[] { "*", "a*", "?", "*b*" }));
        }

        if (g.Chance(0.4))
        {
            args.Add(g.Word("COUNT"));
            args.Add(g.Pick(new[] { "1", "250", "0", "x" }));
        }

        return DiffCommand.Of([.. args]);
    }

    private static DiffCommand ZStore(CommandGenerator g)
    {
        var sources = 1 + g.Random.Next(3);
        var args = new List<object> { g.Word(g.Chance(0.5) ? "ZUNIONSTORE" : "ZINTERSTORE"), g.Key(), g.Chance(0.05) ? g.Pick(new[] { "0", "x", "9" }) : sources.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        args.AddRange(g.Keys(sources));
        if (g.Chance(0.3))
        {
            args.Add(g.Word("WEIGHTS"));
            for (var i = 0; i < sources; i++)
            {
                args.Add(g.Pick(new[] { "1", "2", "0.5", "-1", "x" }));
            }
        }

        if (g.Chance(0.3))
        {
            args.Add(g.Word("AGGREGATE"));
            args.Add(g.Word(g.Pick(new[] { "SUM", "MIN", "MAX", "AVG" })));
        }

        return DiffCommand.Of([.. args]);
    }
}
