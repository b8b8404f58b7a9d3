using System.Text;

namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// The string commands beyond the seed's as shapes for <see cref="CommandGenerator"/>: the INCR family with good,
/// bad and overflowing numbers, INCRBYFLOAT with decimal, hex, huge, tiny and broken floats, MGET/MSET/MSETNX over
/// colliding keys (odd argument counts included), APPEND, STRLEN, GETDEL, GETSET, GETRANGE/SUBSTR with Redis's
/// negative-index corners, SETRANGE with bad and oversized offsets; mixed with SET, GET, DEL, SETEX, PTTL and SADD
/// so the strings collide with expiries and with another type.
/// </summary>
public static class StringOpsShapes
{
    /// <summary>Argument counts (after the name) each command takes, as Redis 7.0 declares them.</summary>
    public static readonly IReadOnlyList<(string Name, int Min, int Max)> Arity =
    [
        ("INCR", 1, 1),
        ("DECR", 1, 1),
        ("INCRBY", 2, 2),
        ("DECRBY", 2, 2),
        ("INCRBYFLOAT", 2, 2),
        ("MGET", 1, int.MaxValue),
        ("MSET", 2, int.MaxValue),
        ("MSETNX", 2, int.MaxValue),
        ("APPEND", 2, 2),
        ("STRLEN", 1, 1),
        ("GETDEL", 1, 1),
        ("GETSET", 2, 2),
        ("GETRANGE", 3, 3),
        ("SUBSTR", 3, 3),
        ("SETRANGE", 3, 3),
    ];

    /// <summary>Integers INCRBY/DECRBY take or refuse (as Redis's string2ll: no '+', spaces or leading zeros).</summary>
    public static readonly IReadOnlyList<string> Integers =
    [
        "1", "-1", "0", "7", "-42", "1000", "4611686018427387904", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "abc", "1.5", "+1", " 1", "01", "-0", "",
    ];

    /// <summary>Floats INCRBYFLOAT takes or refuses (as Redis's string2ld over an x87 long double).</summary>
    public static readonly IReadOnlyList<string> Floats =
    [
        "1", "0.1", "-0.1", "10.5", "3.0e3", "1e-10", "-1e-20", "0", "-0", "1.5e17", "0.3", "2.5", "-2.5",
        "123456.789", "1e308", "1e4000", "1.2e4932", "1e-4950", "0x1p-3", "0x1.8p1", "0X10", "+1.5", "1.", ".5",
        "3.14159265358979323846264338327950288", "inf", "-inf", "nan", "abc", " 1", "1 ", ".", "1e", "1e5000", "",
    ];

    /// <summary>GETRANGE indices: in range, negative, far past either end, the 64-bit extremes and a non-number.</summary>
    public static readonly IReadOnlyList<string> Indices =
    [
        "0", "1", "2", "-1", "-2", "-5", "5", "10", "100", "-100", "-9223372036854775808", "9223372036854775807", "x",
    ];

    /// <summary>SETRANGE offsets: small ones (zero padding), negative, non-numbers, and ones past proto-max-bulk-len.</summary>
    public static readonly IReadOnlyList<string> Offsets =
    [
        "0", "1", "3", "10", "40", "-1", "x", "1.5", "536870912", "9223372036854775807",
    ];

    /// <summary>The stream's values: the defaults plus numbers INCR and INCRBYFLOAT read or refuse.</summary>
    public static readonly GeneratorSettings Settings = new()
    {
        Values =
        [
            .. GeneratorSettings.DefaultValues,
            "10"u8.ToArray(), "1.5"u8.ToArray(), "-0"u8.ToArray(), "1e3"u8.ToArray(), " 1"u8.ToArray(),
            "9223372036854775806"u8.ToArray(), "-9223372036854775808"u8.ToArray(), "0x10"u8.ToArray(),
        ],
    };

    public static IReadOnlyList<CommandShape> All { get; } =
    [
        new("SET", 10, g => DiffCommand.Of(g.Word("SET"), g.Key(), g.Value())),
        new("SETEX", 3, g => DiffCommand.Of(g.Word("SETEX"), g.Key(), g.Pick(ExpiryNumbers.Seconds), g.Value())),
        new("GET", 6, g => DiffCommand.Of(g.Word("GET"), g.Key())),
        new("DEL", 3, g => DiffCommand.Of([g.Word("DEL"), .. g.Keys(1 + g.Random.Next(2))])),
        new("PTTL", 4, g => DiffCommand.Timed(1000, g.Word("PTTL"), g.Key())),
        new("SADD", 3, g => DiffCommand.Of(g.Word("SADD"), g.Key(), g.Value())),
        new("INCR", 8, g => DiffCommand.Of(g.Word(g.Chance(0.5) ? "INCR" : "DECR"), g.Key())),
        new("INCRBY", 8, g => DiffCommand.Of(g.Word(g.Chance(0.5) ? "INCRBY" : "DECRBY"), g.Key(), g.Pick(Integers))),
        new("INCRBYFLOAT", 10, g => DiffCommand.Of(g.Word("INCRBYFLOAT"), g.Key(), g.Pick(Floats))),
        new("MGET", 6, g => DiffCommand.Of([g.Word("MGET"), .. g.Keys(1 + g.Random.Next(4))])),
        new("MSET", 5, g => MultiSet(g, "MSET")),
        new("MSETNX", 4, g => MultiSet(g, "MSETNX")),
        new("APPEND", 6, g => DiffCommand.Of(g.Word("APPEND"), g.Key(), g.Value())),
        new("STRLEN", 4, g => DiffCommand.Of(g.Word("STRLEN"), g.Key())),
        new("GETDEL", 3, g => DiffCommand.Of(g.Word("GETDEL"), g.Key())),
        new("GETSET", 4, g => DiffCommand.Of(g.Word("GETSET"), g.Key(), g.Value())),
        new("GETRANGE", 8, g => DiffCommand.Of(g.Word(g.Chance(0.8) ? "GETRANGE" : "SUBSTR"), g.Key(), g.Pick(Indices), g.Pick(Indices))),
        new("SETRANGE", 6, g => DiffCommand.Of(g.Word("SETRANGE"), g.Key(), g.Pick(Offsets), g.Value())),
        new("wrong arity", 4, WrongArity),
    ];

    /// <summary>One to three key/value pairs; now and then one value short (a wrong argument count).</summary>
    private static DiffCommand MultiSet(CommandGenerator g, string name)
    {
        var args = new List<byte[]> { g.Word(name) };
        var pairs = 1 + g.Random.Next(3);
        for (var i = 0; i < pairs; i++)
        {
            args.Add(g.Key());
            args.Add(g.Value());
        }

        if (g.Chance(0.05))
        {
            args.RemoveAt(args.Count - 1);
        }

        return new DiffCommand(args);
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

        return DiffCommand.Of([g.Word(name), .. Enumerable.Range(0, count).Select(_ => g.Chance(0.5) ? g.Key() : Encoding.ASCII.GetBytes("1"))]);
    }
}
