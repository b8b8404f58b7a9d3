namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// The string and keyspace commands MiniStore serves today, as shapes for <see cref="CommandGenerator"/>: every SET
/// and GETEX option in any order and case (repeats, conflicts, unknown words and missing numbers included), good
/// and bad expiry numbers, and wrong argument counts.
/// </summary>
public static class StringShapes
{
    /// <summary>Argument counts (after the name) each command takes, as Redis 7.0 declares them; max is <see cref="int.MaxValue"/> when unbounded.</summary>
    public static readonly IReadOnlyList<(string Name, int Min, int Max)> Arity =
    [
        ("GET", 1, 1),
        ("SET", 2, int.MaxValue),
        ("GETEX", 1, int.MaxValue),
        ("DEL", 1, int.MaxValue),
        ("UNLINK", 1, int.MaxValue),
        ("EXISTS", 1, int.MaxValue),
        ("TTL", 1, 1),
        ("PTTL", 1, 1),
        ("SETEX", 3, 3),
        ("PSETEX", 3, 3),
        ("SETNX", 2, 2),
        ("DBSIZE", 0, 0),
        ("PING", 0, 1),
        ("ECHO", 1, 1),
    ];

    /// <summary>The options that take a number after them.</summary>
    public static readonly IReadOnlyList<string> ExpiryWords = ["EX", "PX", "EXAT", "PXAT"];

    public static IReadOnlyList<CommandShape> All { get; } =
    [
        new("SET", 30, Set),
        new("GET", 12, g => DiffCommand.Of(g.Word("GET"), g.Key())),
        new("GETEX", 10, GetExpiry),
        new("DEL", 4, g => DiffCommand.Of([g.Word("DEL"), .. g.Keys(1 + g.Random.Next(3))])),
        new("UNLINK", 3, g => DiffCommand.Of([g.Word("UNLINK"), .. g.Keys(1 + g.Random.Next(3))])),
        new("EXISTS", 6, g => DiffCommand.Of([g.Word("EXISTS"), .. g.Keys(1 + g.Random.Next(4))])),
        new("TTL", 8, g => DiffCommand.Timed(1, g.Word("TTL"), g.Key())),
        new("PTTL", 6, g => DiffCommand.Timed(1000, g.Word("PTTL"), g.Key())),
        new("SETEX", 5, g => DiffCommand.Of(g.Word("SETEX"), g.Key(), g.ExpiryNumber(ExpiryUnit.Seconds), g.Value())),
        new("PSETEX", 5, g => DiffCommand.Of(g.Word("PSETEX"), g.Key(), g.ExpiryNumber(ExpiryUnit.Milliseconds), g.Value())),
        new("SETNX", 5, g => DiffCommand.Of(g.Word("SETNX"), g.Key(), g.Value())),
        new("DBSIZE", 2, DbSize),
        new("PING", 2, g => g.Chance(0.5) ? DiffCommand.Of(g.Word("PING")) : DiffCommand.Of(g.Word("PING"), g.Value())),
        new("ECHO", 2, g => DiffCommand.Of(g.Word("ECHO"), g.Value())),
        new("FLUSHALL", 1, FlushAll),
        new("wrong arity", 6, WrongArity),
        new("unknown command", 1, Unknown),
    ];

    /// <summary><c>SET key value</c> and any subset of NX, XX, GET, KEEPTTL and zero to two expiries, shuffled, sometimes broken.</summary>
    public static DiffCommand Set(CommandGenerator g)
    {
        var options = new List<byte[][]>();
        AddIf(g, options, 0.2, "NX");
        AddIf(g, options, 0.2, "XX");
        AddIf(g, options, 0.25, "GET");
        AddIf(g, options, 0.1, "KEEPTTL");
        var expiries = g.Random.Next(10) switch { < 4 => 0, < 9 => 1, _ => 2 };
        for (var i = 0; i < expiries; i++)
        {
            options.Add(Expiry(g, persist: false));
        }

        return DiffCommand.Of([g.Word("SET"), g.Key(), g.Value(), .. Finish(g, options, ["EXX", "NXX", "PERSIST", "FOO"])]);
    }

    /// <summary><c>GETEX key</c> and zero to two of EX, PX, EXAT, PXAT, PERSIST, shuffled, sometimes broken.</summary>
    public static DiffCommand GetExpiry(CommandGenerator g)
    {
        var options = new List<byte[][]>();
        var count = g.Random.Next(10) switch { < 4 => 0, < 9 => 1, _ => 2 };
        for (var i = 0; i < count; i++)
        {
            options.Add(Expiry(g, persist: true));
        }

        return DiffCommand.Of([g.Word("GETEX"), g.Key(), .. Finish(g, options, ["NX", "GET", "KEEPTTL", "FOO"])]);
    }

    /// <summary>
    /// DBSIZE after EXISTS on every key. redis-server counts a key whose deadline has passed until it is touched or
    /// its active expiry cycle happens to reclaim it, so its DBSIZE alone depends on timing (redis-server against a
    /// second redis-server differs); MiniStore never counts such a key (protocol.md A.4). EXISTS reclaims them first.
    /// </summary>
    private static IReadOnlyList<DiffCommand> DbSize(CommandGenerator g) =>
        [DiffCommand.Of([g.Word("EXISTS"), .. g.Settings.Keys]), DiffCommand.Of(g.Word("DBSIZE"))];

    private static DiffCommand FlushAll(CommandGenerator g) => g.Random.Next(8) switch
    {
        0 => DiffCommand.Of(g.Word("FLUSHALL"), g.Word("ASYNC")),
        1 => DiffCommand.Of(g.Word("FLUSHALL"), g.Word("SYNC")),
        2 => DiffCommand.Of(g.Word("FLUSHALL"), g.Word("NOW")),
        3 => DiffCommand.Of(g.Word("FLUSHALL"), g.Word("ASYNC"), g.Word("SYNC")),
        _ => DiffCommand.Of(g.Word("FLUSHALL")),
    };

    private static DiffCommand WrongArity(CommandGenerator g)
    {
        var (name, min, max) = g.Pick(Arity.Where(a => a.Min > 0 || a.Max != int.MaxValue).ToArray());
        int count;
        do
        {
            count = g.Random.Next(Math.Min(max, min + 2) + 3);
        }
        while (count >= min && count <= max);

        return DiffCommand.Of([g.Word(name), .. Enumerable.Range(0, count).Select(_ => g.Chance(0.5) ? g.Key() : g.Value())]);
    }

    private static DiffCommand Unknown(CommandGenerator g) =>
        DiffCommand.Of([g.Pick(new[] { "NOPE", "GETT", "sett", "EX" }), .. Enumerable.Range(0, g.Random.Next(4)).Select(_ => g.Value())]);

    private static void AddIf(CommandGenerator g, List<byte[][]> options, double probability, string word)
    {
        if (g.Chance(probability))
        {
            options.Add([g.Word(word)]);
        }
    }

    private static byte[][] Expiry(CommandGenerator g, bool persist)
    {
        return g.Random.Next(persist ? 5 : 4) switch
        {
            0 => [g.Word("EX"), g.ExpiryNumber(ExpiryUnit.Seconds)],
            1 => [g.Word("PX"), g.ExpiryNumber(ExpiryUnit.Milliseconds)],
            2 => [g.Word("EXAT"), g.ExpiryNumber(ExpiryUnit.UnixSeconds)],
            3 => [g.Word("PXAT"), g.ExpiryNumber(ExpiryUnit.UnixMilliseconds)],
            _ => [g.Word("PERSIST")],
        };
    }

    /// <summary>Shuffles the options, then sometimes repeats one, slips in a word the command does not take, or ends on a number-less expiry.</summary>
    private static IEnumerable<byte[]> Finish(CommandGenerator g, List<byte[][]> options, string[] strangers)
    {
        g.Shuffle(options);
        if (options.Count > 0 && g.Chance(0.05))
        {
            options.Insert(g.Random.Next(options.Count + 1), g.Pick(options));
        }

        if (g.Chance(0.03))
        {
            options.Insert(g.Random.Next(options.Count + 1), [g.Word(g.Pick(strangers))]);
        }

        if (g.Chance(0.03))
        {
            options.Add([g.Word(g.Pick(ExpiryWords))]);
        }

        return options.SelectMany(option => option);
    }
}
