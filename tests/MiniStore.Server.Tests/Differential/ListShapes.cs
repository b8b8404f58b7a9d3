namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// The list commands as shapes for <see cref="CommandGenerator"/>, with SET, GET and DEL over the same tiny keyspace so
/// that strings and lists collide (WRONGTYPE): pushes and pops at both ends (with and without a count, good and bad),
/// ranges and indexes at the edges (negative, past the end, the int64 extremes, not integers), LSET, LREM, LTRIM,
/// LINSERT, LPOS with every option in any order, LMOVE and RPOPLPUSH (same key included), and wrong argument counts.
/// </summary>
public static class ListShapes
{
    /// <summary>Argument counts (after the name) each command takes, as Redis 7.0 checks them.</summary>
    public static readonly IReadOnlyList<(string Name, int Min, int Max)> Arity =
    [
        ("LPUSH", 2, int.MaxValue),
        ("RPUSH", 2, int.MaxValue),
        ("LPUSHX", 2, int.MaxValue),
        ("RPUSHX", 2, int.MaxValue),
        ("LPOP", 1, 2),
        ("RPOP", 1, 2),
        ("LRANGE", 3, 3),
        ("LLEN", 1, 1),
        ("LINDEX", 2, 2),
        ("LSET", 3, 3),
        ("LREM", 3, 3),
        ("LTRIM", 3, 3),
        ("LINSERT", 4, 4),
        ("LPOS", 2, int.MaxValue),
        ("LMOVE", 4, 4),
        ("RPOPLPUSH", 2, 2),
    ];

    /// <summary>Few distinct elements, so LREM, LPOS and LINSERT find their matches; empty and binary ones included.</summary>
    public static readonly IReadOnlyList<byte[]> Elements =
    [
        "a"u8.ToArray(), "b"u8.ToArray(), "c"u8.ToArray(), [], [0, 13, 10, 0xFF], "42"u8.ToArray(),
    ];

    /// <summary>Indexes: inside, negative, past either end, the int64 extremes, and not integers.</summary>
    public static readonly IReadOnlyList<string> Indexes =
    [
        "0", "1", "2", "-1", "-2", "-3", "3", "5", "100", "-100", "9223372036854775807", "-9223372036854775808",
        "abc", "1.5", "", "+1", "9223372036854775808",
    ];

    /// <summary>LPOP / RPOP counts: zero, small, larger than any list, negative, not integers.</summary>
    public static readonly IReadOnlyList<string> Counts = ["0", "1", "2", "3", "100", "-1", "abc", "", "9223372036854775807"];

    /// <summary>LREM counts: all, from the head, from the tail, and the extremes.</summary>
    public static readonly IReadOnlyList<string> RemoveCounts = ["0", "1", "2", "-1", "-2", "3", "-3", "9223372036854775807", "-9223372036854775808"];

    /// <summary>LPOS option numbers: RANK/COUNT/MAXLEN values good and bad (no int64 minimum: Redis negates it).</summary>
    public static readonly IReadOnlyList<string> OptionNumbers = ["1", "2", "-1", "-2", "0", "3", "100", "-100", "abc", ""];

    public static IReadOnlyList<CommandShape> All { get; } =
    [
        new("LPUSH", 14, g => Push(g, "LPUSH")),
        new("RPUSH", 14, g => Push(g, "RPUSH")),
        new("LPUSHX", 4, g => Push(g, "LPUSHX")),
        new("RPUSHX", 4, g => Push(g, "RPUSHX")),
        new("LPOP", 8, g => Pop(g, "LPOP")),
        new("RPOP", 8, g => Pop(g, "RPOP")),
        new("LRANGE", 10, g => DiffCommand.Of(g.Word("LRANGE"), g.Key(), Index(g), Index(g))),
        new("LLEN", 5, g => DiffCommand.Of(g.Word("LLEN"), g.Key())),
        new("LINDEX", 6, g => DiffCommand.Of(g.Word("LINDEX"), g.Key(), Index(g))),
        new("LSET", 5, g => DiffCommand.Of(g.Word("LSET"), g.Key(), Index(g), Element(g))),
        new("LREM", 6, g => DiffCommand.Of(g.Word("LREM"), g.Key(), g.Chance(0.7) ? g.Pick(RemoveCounts) : Index(g), Element(g))),
        new("LTRIM", 4, g => DiffCommand.Of(g.Word("LTRIM"), g.Key(), Index(g), Index(g))),
        new("LINSERT", 5, Insert),
        new("LPOS", 8, Position),
        new("LMOVE", 6, Move),
        new("RPOPLPUSH", 4, g => DiffCommand.Of(g.Word("RPOPLPUSH"), g.Key(), g.Key())),
        new("SET", 5, g => DiffCommand.Of(g.Word("SET"), g.Key(), g.Value())),
        new("GET", 3, g => DiffCommand.Of(g.Word("GET"), g.Key())),
        new("DEL", 3, g => DiffCommand.Of([g.Word("DEL"), .. g.Keys(1 + g.Random.Next(2))])),
        new("EXISTS", 2, g => DiffCommand.Of([g.Word("EXISTS"), .. g.Settings.Keys])),
        new("wrong arity", 4, WrongArity),
    ];

    private static byte[] Element(CommandGenerator g) => g.Chance(0.85) ? g.Pick(Elements) : g.Value();

    private static string Index(CommandGenerator g) => g.Pick(Indexes);

    private static DiffCommand Push(CommandGenerator g, string name) =>
        DiffCommand.Of([g.Word(name), g.Key(), .. Enumerable.Range(0, 1 + g.Random.Next(4)).Select(_ => Element(g))]);

    private static DiffCommand Pop(CommandGenerator g, string name) =>
        g.Chance(0.5) ? DiffCommand.Of(g.Word(name), g.Key()) : DiffCommand.Of(g.Word(name), g.Key(), g.Pick(Counts));

    private static DiffCommand Insert(CommandGenerator g)
    {
        var where = g.Random.Next(10) switch { < 5 => "BEFORE", < 9 => "AFTER", _ => "MIDDLE" };
        return DiffCommand.Of(g.Word("LINSERT"), g.Key(), g.Word(where), Element(g), Element(g));
    }

    private static DiffCommand Move(CommandGenerator g)
    {
        string End() => g.Random.Next(20) switch { < 10 => "LEFT", < 19 => "RIGHT", _ => "UP" };
        return DiffCommand.Of(g.Word("LMOVE"), g.Key(), g.Key(), g.Word(End()), g.Word(End()));
    }

    /// <summary><c>LPOS key element</c> and zero to three of RANK, COUNT, MAXLEN (repeats allowed), sometimes a stranger or a missing number.</summary>
    private static DiffCommand Position(CommandGenerator g)
    {
        var args = new List<object> { g.Word("LPOS"), g.Key(), Element(g) };
        var options = g.Random.Next(4);
        for (var i = 0; i < options; i++)
        {
            args.Add(g.Word(g.Pick(new[] { "RANK", "COUNT", "MAXLEN" })));
            args.Add(g.Pick(OptionNumbers));
        }

        if (g.Chance(0.05))
        {
            args.Insert(3 + (2 * g.Random.Next((args.Count - 3) / 2 + 1)), g.Word("FOO"));
        }

        if (g.Chance(0.05))
        {
            args.Add(g.Word(g.Pick(new[] { "RANK", "COUNT", "MAXLEN" })));
        }

        return DiffCommand.Of([.. args]);
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

        return DiffCommand.Of([g.Word(name), .. Enumerable.Range(0, count).Select(_ => g.Chance(0.5) ? g.Key() : Element(g))]);
    }
}
