namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// Transactions as shapes for <see cref="CommandGenerator"/>: MULTI, a few queued requests of every family (those whose
/// replies compare byte for byte), then EXEC or DISCARD; sometimes a request refused while queueing (unknown, wrong
/// arity), so EXEC answers EXECABORT; WATCH on one connection with a write, a read or UNWATCH before MULTI; the misuses
/// (EXEC or DISCARD without MULTI, nested MULTI, WATCH inside MULTI); the blocking pops inside MULTI (they answer at
/// once there), and LMPOP/ZMPOP outside.
/// </summary>
public static class TransactionShapes
{
    private static readonly string[] Timeouts = ["0", "0.5", "1", "abc", "-1", "", "1e400", "nan"];

    /// <summary>Requests that may be queued: every family's, and the blocking pops (which never wait inside MULTI).</summary>
    private static readonly IReadOnlyList<CommandShape> Queued =
    [
        .. AllFamiliesStreamTests.Shapes,

        // PING takes at most one argument, which Redis checks only when EXEC runs it.
        new("PING", 1, g => DiffCommand.Of([g.Word("PING"), .. Enumerable.Range(0, g.Random.Next(3)).Select(_ => g.Value())])),
        new("BLPOP", 3, g => DiffCommand.Of([g.Word(g.Pick(new[] { "BLPOP", "BRPOP" })), .. g.Keys(1 + g.Random.Next(2)), g.Pick(Timeouts)])),
        new("BZPOPMIN", 3, g => DiffCommand.Of([g.Word(g.Pick(new[] { "BZPOPMIN", "BZPOPMAX" })), .. g.Keys(1 + g.Random.Next(2)), g.Pick(Timeouts)])),
        new("BLMOVE", 2, g => DiffCommand.Of(g.Word("BLMOVE"), g.Key(), g.Key(), g.Word(g.Pick(new[] { "LEFT", "RIGHT" })), g.Word(g.Pick(new[] { "LEFT", "RIGHT", "UP" })), g.Pick(Timeouts))),
        new("BRPOPLPUSH", 2, g => DiffCommand.Of(g.Word("BRPOPLPUSH"), g.Key(), g.Key(), g.Pick(Timeouts))),
        new("BLMPOP", 2, g => MPop(g, "BLMPOP", ["LEFT", "RIGHT"], g.Pick(Timeouts))),
        new("BZMPOP", 2, g => MPop(g, "BZMPOP", ["MIN", "MAX"], g.Pick(Timeouts))),
    ];

    public static IReadOnlyList<CommandShape> All { get; } =
    [
        new("MULTI/EXEC", 12, g => Transaction(g, "EXEC")),
        new("MULTI/DISCARD", 2, g => Transaction(g, "DISCARD")),
        new("WATCH", 6, Watched),
        new("misuse", 3, Misuse),
        new("LMPOP", 4, g => MPop(g, "LMPOP", ["LEFT", "RIGHT"], null)),
        new("ZMPOP", 4, g => MPop(g, "ZMPOP", ["MIN", "MAX"], null)),
        .. ListShapes.All,
        .. SortedSetShapes.All,
    ];

    private static List<DiffCommand> Transaction(CommandGenerator g, string end)
    {
        var commands = new List<DiffCommand> { DiffCommand.Of(g.Word("MULTI")) };
        var count = g.Random.Next(6);
        for (var i = 0; i < count; i++)
        {
            commands.AddRange(g.Chance(0.04) ? [Refused(g)] : Exact(g));
        }

        commands.Add(DiffCommand.Of(g.Word(end)));
        return commands;
    }

    /// <summary>WATCH, then on the same connection a write to a watched key, a read, UNWATCH or nothing, then a transaction.</summary>
    private static List<DiffCommand> Watched(CommandGenerator g)
    {
        var keys = g.Keys(1 + g.Random.Next(2)).ToArray();
        var commands = new List<DiffCommand> { DiffCommand.Of([g.Word("WATCH"), .. keys]) };
        switch (g.Random.Next(5))
        {
            case 0:
                commands.Add(DiffCommand.Of(g.Word("SET"), g.Pick(keys), g.Value()));
                break;
            case 1:
                commands.Add(DiffCommand.Of(g.Word("GET"), g.Pick(keys)));
                break;
            case 2:
                commands.Add(DiffCommand.Of(g.Word("UNWATCH")));
                break;
            case 3:
                commands.AddRange(Exact(g, AllFamiliesStreamTests.Shapes));
                break;
        }

        commands.AddRange(Transaction(g, g.Chance(0.9) ? "EXEC" : "DISCARD"));
        return commands;
    }

    private static List<DiffCommand> Misuse(CommandGenerator g) => g.Random.Next(5) switch
    {
        0 => [DiffCommand.Of(g.Word("EXEC"))],
        1 => [DiffCommand.Of(g.Word("DISCARD"))],
        2 => [DiffCommand.Of(g.Word("MULTI")), DiffCommand.Of(g.Word("MULTI")), .. Exact(g), DiffCommand.Of(g.Word("EXEC"))],
        3 => [DiffCommand.Of(g.Word("MULTI")), DiffCommand.Of(g.Word("WATCH"), g.Key()), .. Exact(g), DiffCommand.Of(g.Word("EXEC"))],
        _ => [DiffCommand.Of(g.Word("MULTI")), DiffCommand.Of(g.Word("UNWATCH")), DiffCommand.Of(g.Word("EXEC"))],
    };

    /// <summary>A request refused while queueing: an unknown command, or a known one with no arguments.</summary>
    private static DiffCommand Refused(CommandGenerator g) =>
        g.Chance(0.5) ? DiffCommand.Of(g.Word("NOSUCHCOMMAND"), g.Key()) : DiffCommand.Of(g.Word(g.Pick(new[] { "GET", "LPUSH", "ZADD", "HSET" })));

    /// <summary>Some family's requests whose replies compare byte for byte (EXEC's array is compared whole); by default the ones that may be queued.</summary>
    private static IReadOnlyList<DiffCommand> Exact(CommandGenerator g, IReadOnlyList<CommandShape>? shapes = null)
    {
        while (true)
        {
            var commands = g.Pick(shapes ?? Queued).Build(g);
            if (commands.All(c => c.Match == ReplyMatch.Exact && c.Equivalence is null && c.Tolerance == 0))
            {
                return commands;
            }
        }
    }

    /// <summary>LMPOP/ZMPOP (and their blocking forms, with a timeout first): numkeys, keys, where, maybe COUNT, good and bad.</summary>
    private static DiffCommand MPop(CommandGenerator g, string name, string[] ends, string? timeout)
    {
        var args = new List<object> { g.Word(name) };
        if (timeout is not null)
        {
            args.Add(timeout);
        }

        var keys = 1 + g.Random.Next(2);
        args.Add(g.Chance(0.9) ? keys.ToString(System.Globalization.CultureInfo.InvariantCulture) : g.Pick(new[] { "0", "-1", "x", "5" }));
        args.AddRange(g.Keys(keys));
        args.Add(g.Word(g.Chance(0.95) ? g.Pick(ends) : "MIDDLE"));
        if (g.Chance(0.5))
        {
            args.Add(g.Word("COUNT"));
            args.Add(g.Pick(new[] { "1", "2", "10", "0", "-1", "x" }));
        }

        if (g.Chance(0.05))
        {
            args.Add(g.Word("COUNT"));
        }

        return DiffCommand.Of([.. args]);
    }
}
