using System.Globalization;
using System.Text;

namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// A kind of request a stream is made of: its weight relative to the other shapes of a table and how to build one,
/// or a short sequence that belongs together (MULTI ... EXEC; touching every key before DBSIZE). A table of shapes
/// (<see cref="StringShapes"/>) is the whole description of a stream, so adding a data type to the differential
/// check is adding a table (or rows) of shapes over the same tiny keyspace.
/// </summary>
public sealed record CommandShape(string Name, int Weight, Func<CommandGenerator, IReadOnlyList<DiffCommand>> Build)
{
    public CommandShape(string name, int weight, Func<CommandGenerator, DiffCommand> build)
        : this(name, weight, g => [build(g)])
    {
    }
}

/// <summary>What a stream may contain, beyond its shapes.</summary>
public sealed record GeneratorSettings
{
    /// <summary>Four keys, so that requests keep colliding: plain, another plain, empty, and binary (NUL, CR, LF, 0xFF).</summary>
    public static readonly IReadOnlyList<byte[]> DefaultKeys = ["a"u8.ToArray(), "b"u8.ToArray(), [], [0, (byte)'k', 13, 10, 0xFF]];

    public static readonly IReadOnlyList<byte[]> DefaultValues =
    [
        [],
        "v"u8.ToArray(),
        "hello world"u8.ToArray(),
        [0, 13, 10, 0xFF, (byte)'"'],
        "0"u8.ToArray(),
        "-1"u8.ToArray(),
        "42"u8.ToArray(),
        "9223372036854775807"u8.ToArray(),
        "3.14"u8.ToArray(),
        Encoding.ASCII.GetBytes(new string('x', 300)),
    ];

    public IReadOnlyList<byte[]> Keys { get; init; } = DefaultKeys;

    public IReadOnlyList<byte[]> Values { get; init; } = DefaultValues;

    /// <summary>How often an expiry number is a bad one (not an integer, zero, negative, overflowing).</summary>
    public double BadNumberRate { get; init; } = 0.15;

    /// <summary>The clock EXAT / PXAT deadlines are computed from (they are fixed when the request is made).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// Makes a reproducible stream of requests from a seed and a table of shapes, and offers shapes the building blocks
/// (keys, values, option words in random case, expiry numbers good and bad).
/// </summary>
public sealed class CommandGenerator
{
    private readonly IReadOnlyList<CommandShape> _shapes;
    private readonly int _totalWeight;

    public CommandGenerator(int seed, IReadOnlyList<CommandShape> shapes, GeneratorSettings? settings = null)
    {
        _shapes = shapes;
        _totalWeight = shapes.Sum(shape => shape.Weight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_totalWeight);
        Random = new Random(seed);
        Settings = settings ?? new GeneratorSettings();
    }

    public Random Random { get; }

    public GeneratorSettings Settings { get; }

    /// <summary>At least <paramref name="count"/> requests: the last shape's sequence is never cut short.</summary>
    public IEnumerable<DiffCommand> Take(int count)
    {
        for (var taken = 0; taken < count;)
        {
            foreach (var command in Next())
            {
                taken++;
                yield return command;
            }
        }
    }

    /// <summary>The requests of one shape, picked by weight.</summary>
    public IReadOnlyList<DiffCommand> Next() => Make();

    public bool Chance(double probability) => Random.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    public byte[] Key() => Pick(Settings.Keys);

    public byte[] Value() => Pick(Settings.Values);

    /// <summary><paramref name="count"/> keys, repeats allowed (EXISTS counts a key named twice twice).</summary>
    public IEnumerable<byte[]> Keys(int count) => Enumerable.Range(0, count).Select(_ => Key());

    /// <summary>A command or option word as a client might spell it: mostly upper case, sometimes lower or mixed.</summary>
    public byte[] Word(string word)
    {
        var roll = Random.Next(10);
        var spelled = roll switch
        {
            < 7 => word.ToUpperInvariant(),
            < 9 => word.ToLowerInvariant(),
            _ => string.Concat(word.Select(c => Random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c))),
        };
        return Encoding.ASCII.GetBytes(spelled);
    }

    /// <summary>An expiry number for <paramref name="unit"/>: usually one Redis takes (and that outlives the test), sometimes a bad one.</summary>
    public byte[] ExpiryNumber(ExpiryUnit unit)
    {
        if (Chance(Settings.BadNumberRate))
        {
            var bad = Chance(0.5) ? ExpiryNumbers.NotIntegers : ExpiryNumbers.BadIntegers(unit);
            return Encoding.ASCII.GetBytes(Pick(bad));
        }

        return Encoding.ASCII.GetBytes(unit switch
        {
            ExpiryUnit.Seconds => Pick(ExpiryNumbers.Seconds),
            ExpiryUnit.Milliseconds => Pick(ExpiryNumbers.Milliseconds),
            ExpiryUnit.UnixSeconds => UnixDeadline(1),
            ExpiryUnit.UnixMilliseconds => UnixDeadline(1000),
            _ => throw new ArgumentOutOfRangeException(nameof(unit)),
        });
    }

    /// <summary>Fisher–Yates, with the generator's random.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private IReadOnlyList<DiffCommand> Make()
    {
        var ticket = Random.Next(_totalWeight);
        foreach (var shape in _shapes)
        {
            ticket -= shape.Weight;
            if (ticket < 0)
            {
                return shape.Build(this);
            }
        }

        throw new InvalidOperationException("unreachable: the tickets cover the total weight");
    }

    private string UnixDeadline(long perSecond)
    {
        var now = Settings.Time.GetUtcNow().ToUnixTimeSeconds();

        // Far enough ahead not to pass during the test, or long past (the key is expired at once: still deterministic).
        var seconds = Random.Next(4) switch
        {
            0 => now + 86_400,
            1 => now + 3_600,
            2 => now - 3_600,
            _ => 1,
        };
        return (seconds * perSecond).ToString(CultureInfo.InvariantCulture);
    }
}

public enum ExpiryUnit
{
    Seconds,
    Milliseconds,
    UnixSeconds,
    UnixMilliseconds,
}

/// <summary>The numbers streams use after EX / PX / EXAT / PXAT and in SETEX / PSETEX.</summary>
public static class ExpiryNumbers
{
    /// <summary>Valid, and long enough that no key set with them expires while a test runs (which would make the servers race).</summary>
    public static readonly IReadOnlyList<string> Seconds = ["100", "5000", "86400", "9000000000000000"];

    public static readonly IReadOnlyList<string> Milliseconds = ["100000", "3600000", "86400000", "9000000000000000000"];

    /// <summary>Not integers by Redis's rules (<c>string2ll</c>: no sign but '-', no leading zero, no blank, in range).</summary>
    public static readonly IReadOnlyList<string> NotIntegers =
        ["abc", "1.5", "+5", "", " 5", "5 ", "05", "-0", "1e3", "0x10", "9223372036854775808", "-9223372036854775809"];

    private static readonly IReadOnlyList<string> BadSeconds = ["0", "-1", "-9223372036854775808", "9223372036854775807", "9223372036854776"];

    private static readonly IReadOnlyList<string> BadMilliseconds = ["0", "-1", "-9223372036854775808", "9223372036854775807"];

    /// <summary>
    /// Integers at the edges for <paramref name="unit"/>: not positive, or overflowing once in milliseconds or once
    /// the current time is added (Redis refuses those). PXAT's largest is the exception: nothing is added to it, so
    /// Redis takes it.
    /// </summary>
    public static IReadOnlyList<string> BadIntegers(ExpiryUnit unit) =>
        unit is ExpiryUnit.Seconds or ExpiryUnit.UnixSeconds ? BadSeconds : BadMilliseconds;
}
