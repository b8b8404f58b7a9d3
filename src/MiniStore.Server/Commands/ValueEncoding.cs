using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>
/// The encoding name redis-server 7.0 reports in OBJECT ENCODING for a value. MiniStore keeps one representation per
/// type, so this names the encoding Redis would choose for the value as it is now, with Redis's default thresholds.
/// Two differences are deliberate: Redis never converts a collection back to its compact encoding after it shrinks,
/// and it marks strings produced by APPEND or SETRANGE "raw" whatever their length; MiniStore keeps no history of
/// either. The checks walk at most the thresholds' number of elements, so OBJECT ENCODING stays O(1).
/// </summary>
internal static class ValueEncoding
{
    private const int EmbeddedStringLimit = 44;
    private const int IntegerTextLimit = 20;
    private const int HashListpackEntries = 512;
    private const int HashListpackValue = 64;
    private const int SetIntsetEntries = 512;
    private const int SortedSetListpackEntries = 128;
    private const int SortedSetListpackValue = 64;

    /// <summary>The encoding of a string value.</summary>
    public static ReadOnlySpan<byte> OfString(ReadOnlySpan<byte> text)
    {
        if (text.Length <= IntegerTextLimit && CommandSyntax.TryParseInt64(text, out _))
        {
            return "int"u8;
        }

        return text.Length <= EmbeddedStringLimit ? "embstr"u8 : "raw"u8;
    }

    /// <summary>The encoding of a collection.</summary>
    public static ReadOnlySpan<byte> Of(CollectionValue value) => value switch
    {
        HashValue hash => IsSmallHash(hash) ? "listpack"u8 : "hashtable"u8,
        ListValue => "quicklist"u8,
        SetValue set => IsIntegerSet(set) ? "intset"u8 : "hashtable"u8,
        SortedSetValue sortedSet => IsSmallSortedSet(sortedSet) ? "listpack"u8 : "skiplist"u8,
        _ => throw new InvalidOperationException($"No encoding for {value.GetType().Name}."),
    };

    /// <summary>Whether Redis would keep the string as a shared integer object (OBJECT REFCOUNT answers INT_MAX).</summary>
    public static bool IsSharedInteger(ReadOnlySpan<byte> text, bool noSharedIntegers) =>
        !noSharedIntegers
        && text.Length <= IntegerTextLimit
        && CommandSyntax.TryParseInt64(text, out var number)
        && number is >= 0 and < 10_000;

    private static bool IsSmallHash(HashValue hash)
    {
        if (hash.Count > HashListpackEntries)
        {
            return false;
        }

        foreach (var (field, fieldValue) in hash.Fields)
        {
            if (field.Length > HashListpackValue || fieldValue.Length > HashListpackValue)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIntegerSet(SetValue set)
    {
        if (set.Count > SetIntsetEntries)
        {
            return false;
        }

        foreach (var member in set.Members)
        {
            if (member.Length > IntegerTextLimit || !CommandSyntax.TryParseInt64(member, out _))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSmallSortedSet(SortedSetValue sortedSet)
    {
        if (sortedSet.Count > SortedSetListpackEntries)
        {
            return false;
        }

        for (var node = sortedSet.First; node is not null; node = node.Next)
        {
            if (node.Member.Length > SortedSetListpackValue)
            {
                return false;
            }
        }

        return true;
    }
}
