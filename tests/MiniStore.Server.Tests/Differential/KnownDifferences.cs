using System.Text;

namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// What MiniStore answers differently from redis-server 7.0 as of f6fee32, found by these tests. Only
/// <see cref="HarnessTests.A_stream_without_the_known_differences_matches_redis"/> uses it, to show that the harness
/// reports nothing where the servers agree; every other differential test includes all of it and fails until it is
/// fixed. Delete a rule when its fix lands.
/// </summary>
public static class KnownDifferences
{
    /// <summary>True if <paramref name="command"/> touches a known difference.</summary>
    public static bool Touches(DiffCommand command)
    {
        var name = Upper(command.Args[0]);
        if (!StringShapes.Arity.Any(a => a.Name == name) && name != "FLUSHALL")
        {
            // Unknown commands: Redis cuts the argument list at 128 bytes in all, stops an argument at NUL and
            // turns CR/LF into spaces; MiniStore cuts each argument at 128 and writes '?' for those bytes.
            return true;
        }

        if (name == "FLUSHALL" && command.Args.Count > 2)
        {
            // Redis: syntax error; MiniStore: wrong number of arguments.
            return true;
        }

        foreach (var (option, number) in ExpiryArguments(command, name))
        {
            // EXAT / PXAT: not implemented (syntax error).
            if (option is "EXAT" or "PXAT")
            {
                return true;
            }

            // Redis: "not an integer" for what string2ll refuses; MiniStore: "invalid expire time", or it takes
            // leading zeros ("05") as a number.
            if (number is not null && ExpiryNumbers.NotIntegers.Contains(number))
            {
                return true;
            }

            // GETEX on a missing key with a bad number: Redis replies nil (it judges the number only for a key it
            // found); MiniStore replies the error.
            if (name == "GETEX" && number is not null && IsBadInteger(number))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<(string Option, string? Number)> ExpiryArguments(DiffCommand command, string name)
    {
        var args = command.Args;
        if (name is "SETEX" or "PSETEX" && args.Count > 2)
        {
            yield return (name, Encoding.Latin1.GetString(args[2]));
        }

        if (name is "SET" or "GETEX")
        {
            for (var i = 2; i < args.Count; i++)
            {
                var word = Upper(args[i]);
                if (StringShapes.ExpiryWords.Contains(word))
                {
                    yield return (word, i + 1 < args.Count ? Encoding.Latin1.GetString(args[i + 1]) : null);
                }
            }
        }
    }

    private static bool IsBadInteger(string number) =>
        ExpiryNumbers.BadIntegers(ExpiryUnit.Seconds).Contains(number) || ExpiryNumbers.BadIntegers(ExpiryUnit.Milliseconds).Contains(number);

    private static string Upper(byte[] word) => Encoding.Latin1.GetString(word).ToUpperInvariant();
}
