using System.Globalization;
using System.Text;

namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// The hash commands as shapes for <see cref="CommandGenerator"/>, over the same four keys as the string shapes (some
/// SET / GET / DEL among them, so hashes and strings collide and WRONGTYPE is compared too). Fields come from a small
/// pool so commands keep meeting the same fields; a hash never grows past <see cref="Fields"/>, so HSCAN with a COUNT of
/// at least 10 returns it whole on both servers. Replies without a defined order (HGETALL, HKEYS, HVALS, HSCAN, a
/// HRANDFIELD that returns the whole hash) are compared as multisets (<see cref="UnorderedReplies"/>); HRANDFIELD's
/// random picks by their shape only.
/// </summary>
public static class HashShapes
{
    public static readonly IReadOnlyList<(string Name, int Min, int Max)> Arity =
    [
        ("HSET", 3, int.MaxValue),
        ("HMSET", 3, int.MaxValue),
        ("HSETNX", 3, 3),
        ("HGET", 2, 2),
        ("HMGET", 2, int.MaxValue),
        ("HGETALL", 1, 1),
        ("HDEL", 2, int.MaxValue),
        ("HEXISTS", 2, 2),
        ("HLEN", 1, 1),
        ("HKEYS", 1, 1),
        ("HVALS", 1, 1),
        ("HSTRLEN", 2, 2),
        ("HINCRBY", 3, 3),
        ("HINCRBYFLOAT", 3, 3),
        ("HRANDFIELD", 1, int.MaxValue),
        ("HSCAN", 2, int.MaxValue),
    ];

    /// <summary>The fields streams use: plain, empty, binary (NUL, CR, LF, 0xFF), one that looks like a number.</summary>
    public static readonly IReadOnlyList<byte[]> Fields =
        ["f1"u8.ToArray(), "f2"u8.ToArray(), "g"u8.ToArray(), [], [0, 13, 10, 0xFF], "10"u8.ToArray()];

    public static readonly IReadOnlyList<string> IntegerIncrements =
        ["1", "-1", "0", "100", "-100", "9223372036854775807", "-9223372036854775808", "abc", "1.5", "", "+1", "01"];

    public static readonly IReadOnlyList<string> FloatIncrements =
        ["1.5", "-0.1", "0.1", "3", "1e10", "-1e10", "2.5e-3", "1e400", "-1e400", ".5", "5.", "0x10", "-0", "+2",
         "abc", "inf", "-inf", "nan", " 1", "1 ", "", "1e", "0x", "1e5000", "1e-5000", "123456789012345678901234567890"];

    public static readonly IReadOnlyList<string> Patterns = ["*", "f*", "?", "f[12]", "[^f]*", "", "1*", "\\*", "g"];

    public static IReadOnlyList<CommandShape> All { get; } =
    [
        new("HSET", 20, g => DiffCommand.Of([g.Word("HSET"), g.Key(), .. Pairs(g, 1 + g.Random.Next(3))])),
        new("HMSET", 6, g => DiffCommand.Of([g.Word("HMSET"), g.Key(), .. Pairs(g, 1 + g.Random.Next(3))])),
        new("HSETNX", 6, g => DiffCommand.Of(g.Word("HSETNX"), g.Key(), Field(g), g.Value())),
        new("HGET", 12, g => DiffCommand.Of(g.Word("HGET"), g.Key(), Field(g))),
        new("HMGET", 8, g => DiffCommand.Of([g.Word("HMGET"), g.Key(), .. FieldList(g, 1 + g.Random.Next(4))])),
        new("HGETALL", 8, g => Unordered(UnorderedReplies.Pairs, g.Word("HGETALL"), g.Key())),
        new("HDEL", 8, g => DiffCommand.Of([g.Word("HDEL"), g.Key(), .. FieldList(g, 1 + g.Random.Next(3))])),
        new("HEXISTS", 5, g => DiffCommand.Of(g.Word("HEXISTS"), g.Key(), Field(g))),
        new("HLEN", 5, g => DiffCommand.Of(g.Word("HLEN"), g.Key())),
        new("HKEYS", 4, g => Unordered(UnorderedReplies.Elements, g.Word("HKEYS"), g.Key())),
        new("HVALS", 4, g => Unordered(UnorderedReplies.Elements, g.Word("HVALS"), g.Key())),
        new("HSTRLEN", 4, g => DiffCommand.Of(g.Word("HSTRLEN"), g.Key(), Field(g))),
        new("HINCRBY", 8, g => DiffCommand.Of(g.Word("HINCRBY"), g.Key(), Field(g), g.Pick(IntegerIncrements))),
        new("HINCRBYFLOAT", 8, g => DiffCommand.Of(g.Word("HINCRBYFLOAT"), g.Key(), Field(g), g.Pick(FloatIncrements))),
        new("HRANDFIELD", 6, RandomField),
        new("HSCAN", 5, Scan),
        new("SET", 6, g => DiffCommand.Of(g.Word("SET"), g.Key(), g.Value())),
        new("GET", 4, g => DiffCommand.Of(g.Word("GET"), g.Key())),
        new("DEL", 4, g => DiffCommand.Of([g.Word("DEL"), .. g.Keys(1 + g.Random.Next(2))])),
        new("EXISTS", 2, g => DiffCommand.Of([g.Word("EXISTS"), .. g.Keys(1 + g.Random.Next(3))])),
        new("wrong arity", 5, WrongArity),
    ];

    private static byte[] Field(CommandGenerator g) => g.Pick(Fields);

    private static IEnumerable<byte[]> FieldList(CommandGenerator g, int count) => Enumerable.Range(0, count).Select(_ => Field(g));

    private static IEnumerable<byte[]> Pairs(CommandGenerator g, int count) => Enumerable.Range(0, count).SelectMany(_ => new[] { Field(g), g.Value() });

    private static DiffCommand Unordered(Func<byte[], byte[], bool> equivalence, params object[] args) =>
        new(DiffCommand.Of(args).Args) { Equivalence = equivalence };

    /// <summary>
    /// No count (one random field), a count of at least the pool's size (the whole hash), a small or negative count
    /// (random picks: compared by shape), WITHVALUES, and the count and word errors.
    /// </summary>
    private static DiffCommand RandomField(CommandGenerator g)
    {
        var key = g.Key();
        var withValues = g.Chance(0.4);
        object[] tail = withValues ? [g.Word("WITHVALUES")] : [];
        switch (g.Random.Next(10))
        {
            case 0:
                return Unordered(UnorderedReplies.SameShape, g.Word("HRANDFIELD"), key);
            case < 4:
                return Unordered(withValues ? UnorderedReplies.Pairs : UnorderedReplies.Elements, [g.Word("HRANDFIELD"), key, g.Pick(new[] { "6", "10", "1000" }), .. tail]);
            case < 8:
                return Unordered(UnorderedReplies.SameShape, [g.Word("HRANDFIELD"), key, g.Pick(new[] { "1", "2", "3", "-1", "-3", "-8", "0" }), .. tail]);
            case 8:
                // A count past ±LONG_MAX/2 is refused with WITHVALUES; without, a positive one returns the whole hash (a
                // negative one would make redis-server write that many fields: never sent).
                var count = withValues ? g.Pick(new[] { "-9223372036854775807", "4611686018427387904", "-4611686018427387904" }) : "4611686018427387904";
                return Unordered(UnorderedReplies.Elements, [g.Word("HRANDFIELD"), key, g.Chance(0.5) ? count : g.Pick(new[] { "x", "1.5", "", "-9223372036854775808" }), .. tail]);
            default:
                return DiffCommand.Of([g.Word("HRANDFIELD"), key, "2", .. g.Pick(new[] { new[] { "VALUES" }, ["WITHVALUES", "x"], ["withvalue"] })]);
        }
    }

    /// <summary>HSCAN from cursor 0 (a hash of the pool's size comes whole), with MATCH and COUNT options good and bad.</summary>
    private static DiffCommand Scan(CommandGenerator g)
    {
        var options = new List<object>();
        if (g.Chance(0.5))
        {
            options.AddRange([g.Word("MATCH"), g.Pick(Patterns)]);
        }

        if (g.Chance(0.4))
        {
            options.AddRange([g.Word("COUNT"), g.Pick(new[] { "10", "50", "1000" })]);
        }

        g.Shuffle(options);
        var cursor = "0";
        switch (g.Random.Next(12))
        {
            case 0:
                cursor = g.Pick(new[] { "x", "1.5", "18446744073709551616", " 0" });
                break;
            case 1:
                options.Add(g.Word(g.Pick(new[] { "COUNT", "MATCH", "TYPE", "NOVALUES" })));
                break;
            case 2:
                options.AddRange([g.Word("COUNT"), g.Pick(new[] { "0", "-1", "x" })]);
                break;
        }

        return Unordered(UnorderedReplies.Scan, [g.Word("HSCAN"), g.Key(), cursor, .. options]);
    }

    private static DiffCommand WrongArity(CommandGenerator g)
    {
        var (name, min, max) = g.Pick(Arity);
        int count;
        do
        {
            count = g.Random.Next(Math.Min(max, min + 2) + 3);
        }
        while (count >= min && count <= max && !(name is "HSET" or "HMSET" && count % 2 == 0));

        return DiffCommand.Of([g.Word(name), .. Enumerable.Range(0, count).Select(_ => g.Chance(0.5) ? g.Key() : g.Value())]);
    }
}

/// <summary>
/// Comparisons for replies in no defined order: the RESP2 reply is parsed and compared as a multiset (of elements, of
/// field-value pairs, or of a scan's pairs with the cursor exact); random picks by shape (types and counts, bulk
/// contents ignored). Anything else, errors included, must be the same bytes.
/// </summary>
public static class UnorderedReplies
{
    public static bool Elements(byte[] redis, byte[] miniStore) =>
        TryParse(redis, out var a) && TryParse(miniStore, out var b) && a.Children is not null && b.Children is not null
        && Sorted(a.Children.Select(c => c.Canonical)).SequenceEqual(Sorted(b.Children.Select(c => c.Canonical)));

    public static bool Pairs(byte[] redis, byte[] miniStore) =>
        TryParse(redis, out var a) && TryParse(miniStore, out var b) && SamePairs(a, b);

    /// <summary><c>[cursor, [field, value, ...]]</c>: the cursor exact, the pairs as a multiset.</summary>
    public static bool Scan(byte[] redis, byte[] miniStore) =>
        TryParse(redis, out var a) && TryParse(miniStore, out var b)
        && a.Children is [var cursorA, var itemsA] && b.Children is [var cursorB, var itemsB]
        && cursorA.Canonical == cursorB.Canonical && SamePairs(itemsA, itemsB);

    public static bool SameShape(byte[] redis, byte[] miniStore) =>
        TryParse(redis, out var a) && TryParse(miniStore, out var b) && a.Shape == b.Shape;

    private static bool SamePairs(Node a, Node b)
    {
        if (a.Children is null || b.Children is null || a.Children.Count % 2 != 0 || b.Children.Count % 2 != 0)
        {
            return false;
        }

        return Sorted(PairsOf(a.Children)).SequenceEqual(Sorted(PairsOf(b.Children)));
    }

    private static IEnumerable<string> PairsOf(List<Node> items) =>
        Enumerable.Range(0, items.Count / 2).Select(i => items[2 * i].Canonical + " " + items[(2 * i) + 1].Canonical);

    private static List<string> Sorted(IEnumerable<string> items) => items.Order(StringComparer.Ordinal).ToList();

    private static bool TryParse(byte[] reply, out Node node)
    {
        var position = 0;
        try
        {
            node = Parse(reply, ref position);
            return position == reply.Length;
        }
        catch (FormatException)
        {
            node = new Node(string.Empty, string.Empty, null);
            return false;
        }
    }

    private static Node Parse(byte[] reply, ref int position)
    {
        var end = position < reply.Length ? Array.IndexOf(reply, (byte)'\r', position) : -1;
        if (end < 0)
        {
            throw new FormatException("truncated reply");
        }

        var type = (char)reply[position];
        var header = Encoding.Latin1.GetString(reply, position + 1, end - position - 1);
        position = end + 2;
        switch (type)
        {
            case '$':
                var length = int.Parse(header, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return new Node("nil", "nil", null);
                }

                var data = Convert.ToHexString(reply, position, length);
                position += length + 2;
                return new Node("$" + data, "$", null);
            case '*':
                var count = int.Parse(header, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return new Node("*nil", "*nil", null);
                }

                var children = new List<Node>(count);
                for (var i = 0; i < count; i++)
                {
                    children.Add(Parse(reply, ref position));
                }

                return new Node(
                    $"*{count}[{string.Join(",", children.Select(c => c.Canonical))}]",
                    $"*{count}[{string.Join(",", children.Select(c => c.Shape))}]",
                    children);
            default:
                var simple = type + header;
                return new Node(simple, simple, null);
        }
    }

    /// <summary>A parsed reply: its exact content, its shape (bulk contents left out) and, for an array, its elements.</summary>
    private sealed record Node(string Canonical, string Shape, List<Node>? Children);
}
