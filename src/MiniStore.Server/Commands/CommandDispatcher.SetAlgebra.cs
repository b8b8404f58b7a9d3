using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>
/// Set commands over several keys: SINTER, SUNION, SDIFF, their STORE forms, SINTERCARD and SMOVE (each atomic: the
/// shards of all its keys are locked for the whole command), and SSCAN.
/// </summary>
internal sealed partial class CommandDispatcher
{
    /// <summary>A set of at most this many members is scanned whole in one call (cursor 0), as Redis does for its compact encodings.</summary>
    private const int WholeScanMembers = 512;

    private enum SetOperation : byte
    {
        Inter,
        Union,
        Diff,
    }

    [Handles(CommandId.SInter)]
    private CommandOutcome SInter(in CommandContext c) => SetAlgebra(c, SetOperation.Inter, storing: false);

    [Handles(CommandId.SUnion)]
    private CommandOutcome SUnion(in CommandContext c) => SetAlgebra(c, SetOperation.Union, storing: false);

    [Handles(CommandId.SDiff)]
    private CommandOutcome SDiff(in CommandContext c) => SetAlgebra(c, SetOperation.Diff, storing: false);

    [Handles(CommandId.SInterStore)]
    private CommandOutcome SInterStore(in CommandContext c) => SetAlgebra(c, SetOperation.Inter, storing: true);

    [Handles(CommandId.SUnionStore)]
    private CommandOutcome SUnionStore(in CommandContext c) => SetAlgebra(c, SetOperation.Union, storing: true);

    [Handles(CommandId.SDiffStore)]
    private CommandOutcome SDiffStore(in CommandContext c) => SetAlgebra(c, SetOperation.Diff, storing: true);

    [Handles(CommandId.SInterCard)]
    private CommandOutcome SInterCard(in CommandContext c)
    {
        var arguments = c.Request.ArgumentCount;
        if (!CommandSyntax.TryParseInt64(c.Request[0], out var numKeys) || numKeys < 1)
        {
            SetErrors.NumKeysNotPositive(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        if (numKeys > arguments - 1)
        {
            SetErrors.TooManyKeys(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var keys = (int)numKeys;
        long limit = 0;
        for (var i = 1 + keys; i < arguments; i += 2)
        {
            if (!System.Text.Ascii.EqualsIgnoreCase(c.Request[i], "LIMIT"u8) || i + 1 >= arguments)
            {
                ErrorReplies.Syntax(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }

            if (!CommandSyntax.TryParseInt64(c.Request[i + 1], out limit) || limit < 0)
            {
                SetErrors.LimitNegative(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }
        }

        Span<int> shards = keys <= 32 ? stackalloc int[keys] : new int[keys];
        FillShards(c.Request, 1, shards);
        using var locks = store.LockShards(shards);
        var sets = new SetValue?[keys];
        if (!TryReadSets(c, 1, sets))
        {
            return CommandOutcome.Continue;
        }

        c.Reply.Integer(IntersectionCount(sets, limit));
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.SMove)]
    private CommandOutcome SMove(in CommandContext c)
    {
        var source = c.Request[0];
        var destination = c.Request[1];
        var member = c.Request[2];
        if (source.SequenceEqual(destination))
        {
            using var same = store.Open(source);
            if (!TryReadSet(c, same, out var only))
            {
                return CommandOutcome.Continue;
            }

            c.Reply.Integer(only is not null && only.Contains(member) ? 1 : 0);
            return CommandOutcome.Continue;
        }

        using var locks = store.LockKeys(source, destination);
        using var from = store.Open(source);
        if (!from.Exists)
        {
            c.Reply.Integer(0);
            return CommandOutcome.Continue;
        }

        var fromSet = from.Collection<SetValue>();
        using var to = store.Open(destination);
        if (fromSet is null || (to.Exists && to.Collection<SetValue>() is null))
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        if (!fromSet.Remove(member))
        {
            c.Reply.Integer(0);
            return CommandOutcome.Continue;
        }

        // No memory reservation: the member moves, so the store does not grow (SMOVE is not denyoom in Redis either).
        from.MarkModified();
        to.TryGetOrCreate<SetValue>(out var toSet);
        if (toSet.Add(member))
        {
            to.MarkModified();
        }

        c.Reply.Integer(1);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.SScan)]
    private CommandOutcome SScan(in CommandContext c)
    {
        if (!ScanCursor.TryParse(c.Request[1], out var cursor))
        {
            SetErrors.InvalidCursor(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(c.Request[0]);
        if (!TryReadSet(c, slot, out var set))
        {
            return CommandOutcome.Continue;
        }

        if (set is null)
        {
            c.Reply.ArrayHeader(2);
            c.Reply.Value("0"u8);
            c.Reply.ArrayHeader(0);
            return CommandOutcome.Continue;
        }

        long count = 10;
        var pattern = ReadOnlySpan<byte>.Empty;
        var matching = false;
        for (var i = 2; i < c.Request.ArgumentCount; i += 2)
        {
            var more = i + 1 < c.Request.ArgumentCount;
            if (more && System.Text.Ascii.EqualsIgnoreCase(c.Request[i], "COUNT"u8))
            {
                if (!CommandSyntax.TryParseInt64(c.Request[i + 1], out count))
                {
                    ErrorReplies.NotAnInteger(c.Reply, c.Format);
                    return CommandOutcome.Continue;
                }

                if (count < 1)
                {
                    ErrorReplies.Syntax(c.Reply, c.Format);
                    return CommandOutcome.Continue;
                }
            }
            else if (more && System.Text.Ascii.EqualsIgnoreCase(c.Request[i], "MATCH"u8))
            {
                pattern = c.Request[i + 1];
                matching = !pattern.SequenceEqual("*"u8);
            }
            else
            {
                ErrorReplies.Syntax(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }
        }

        // A small set comes whole. A larger one is walked from its last position down: the cursor is how many
        // positions are still to visit (0 when done). Removal moves the last member into the gap, always downwards,
        // so a member present for the whole scan is never skipped (one may come twice); added members come or not.
        int high, low;
        if (set.Count <= WholeScanMembers)
        {
            (high, low) = (set.Count, 0);
        }
        else
        {
            high = cursor == 0 || cursor > (ulong)set.Count ? set.Count : (int)cursor;
            low = (int)Math.Max(0, high - count);
        }

        var found = new List<byte[]>(Math.Min(high - low, 1024));
        for (var i = high - 1; i >= low; i--)
        {
            var member = set[i];
            if (!matching || GlobPattern.IsMatch(pattern, member))
            {
                found.Add(member);
            }
        }

        c.Reply.ArrayHeader(2);
        Span<byte> digits = stackalloc byte[20];
        ((ulong)low).TryFormat(digits, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        c.Reply.Value(digits[..written]);
        c.Reply.ArrayHeader(found.Count);
        foreach (var member in found)
        {
            c.Reply.Value(member);
        }

        return CommandOutcome.Continue;
    }

    private CommandOutcome SetAlgebra(in CommandContext c, SetOperation operation, bool storing)
    {
        var first = storing ? 1 : 0;
        var count = c.Request.ArgumentCount - first;
        var keys = c.Request.ArgumentCount;
        Span<int> shards = keys <= 32 ? stackalloc int[keys] : new int[keys];
        FillShards(c.Request, 0, shards);
        using var locks = store.LockShards(shards);
        var sets = new SetValue?[count];
        if (!TryReadSets(c, first, sets))
        {
            return CommandOutcome.Continue;
        }

        // Union deduplicates into a set; intersection and difference pick members of one set, distinct already.
        var union = operation == SetOperation.Union ? Union(sets) : null;
        IReadOnlyList<byte[]> result = union?.Members ?? (operation == SetOperation.Inter ? Intersection(sets) : Difference(sets));
        if (!storing)
        {
            c.Reply.ArrayHeader(result.Count);
            for (var i = 0; i < result.Count; i++)
            {
                c.Reply.Value(result[i]);
            }

            return CommandOutcome.Continue;
        }

        using var destination = store.Open(c.Request[0]);
        if (result.Count == 0)
        {
            destination.Delete();
            c.Reply.Integer(0);
            return CommandOutcome.Continue;
        }

        var stored = union ?? ToSet(result);
        var growth = stored.SizeBytes - destination.ValueBytes;
        if (growth > 0 && !destination.TryReserve(growth))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        destination.SetValue(stored, KeyStore.NoDeadline);
        c.Reply.Integer(stored.Count);
        return CommandOutcome.Continue;
    }

    private void FillShards(in Request request, int first, Span<int> shards)
    {
        for (var i = 0; i < shards.Length; i++)
        {
            shards[i] = store.ShardIndexOf(request[first + i]);
        }
    }

    /// <summary>The sets of the keys from argument <paramref name="first"/> on (null for a missing key); false after WRONGTYPE.</summary>
    private bool TryReadSets(in CommandContext c, int first, SetValue?[] sets)
    {
        var wrongType = false;
        for (var i = 0; i < sets.Length; i++)
        {
            using var slot = store.Open(c.Request[first + i]);
            if (slot.Exists)
            {
                sets[i] = slot.Collection<SetValue>();
                wrongType |= sets[i] is null;
            }
        }

        if (wrongType)
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return false;
        }

        return true;
    }

    /// <summary>Members of every set (none if one is missing), walking the smallest.</summary>
    private static List<byte[]> Intersection(SetValue?[] sets)
    {
        var result = new List<byte[]>();
        if (Array.Exists(sets, set => set is null))
        {
            return result;
        }

        var ordered = (SetValue[])sets.Clone();
        Array.Sort(ordered, static (x, y) => x.Count.CompareTo(y.Count));
        foreach (var member in ordered[0].Members)
        {
            if (InAllOthers(ordered, member))
            {
                result.Add(member);
            }
        }

        return result;
    }

    /// <summary>SINTERCARD: the intersection's size, counting stopped at <paramref name="limit"/> (0: no limit).</summary>
    private static long IntersectionCount(SetValue?[] sets, long limit)
    {
        if (Array.Exists(sets, set => set is null))
        {
            return 0;
        }

        var ordered = (SetValue[])sets.Clone();
        Array.Sort(ordered, static (x, y) => x.Count.CompareTo(y.Count));
        long found = 0;
        foreach (var member in ordered[0].Members)
        {
            if (InAllOthers(ordered, member) && ++found == limit)
            {
                break;
            }
        }

        return found;
    }

    private static bool InAllOthers(SetValue[] ordered, byte[] member)
    {
        for (var j = 1; j < ordered.Length; j++)
        {
            if (!ordered[j].Contains(member))
            {
                return false;
            }
        }

        return true;
    }

    private static SetValue Union(SetValue?[] sets)
    {
        var result = new SetValue();
        foreach (var set in sets)
        {
            if (set is null)
            {
                continue;
            }

            foreach (var member in set.Members)
            {
                result.AddShared(member);
            }
        }

        return result;
    }

    /// <summary>Members of the first set in none of the others.</summary>
    private static List<byte[]> Difference(SetValue?[] sets)
    {
        var result = new List<byte[]>();
        if (sets[0] is not { } first)
        {
            return result;
        }

        foreach (var member in first.Members)
        {
            var keep = true;
            for (var j = 1; j < sets.Length && keep; j++)
            {
                keep = sets[j] is not { } other || !other.Contains(member);
            }

            if (keep)
            {
                result.Add(member);
            }
        }

        return result;
    }

    private static SetValue ToSet(IReadOnlyList<byte[]> members)
    {
        var set = new SetValue();
        foreach (var member in members)
        {
            set.AddShared(member);
        }

        return set;
    }
}

/// <summary>The set commands' own error texts (Redis 7.0's for RESP; the line dialect's <c>ERR: </c> form).</summary>
internal static class SetErrors
{
    /// <summary>SRANDMEMBER with a negative count repeats members; beyond this many it is refused rather than built.</summary>
    public const long MaxRepeatedMembers = 10_000_000;

    public static void MustBePositive(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: value is out of range, must be positive"u8 : "ERR value is out of range, must be positive"u8);

    public static void CountOutOfRange(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line
            ? "ERR: value is out of range, value must between -9223372036854775807 and 9223372036854775807"u8
            : "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"u8);

    public static void TooManyRepeats(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line
            ? "ERR: value is out of range, value must between -10000000 and 9223372036854775807"u8
            : "ERR value is out of range, value must between -10000000 and 9223372036854775807"u8);

    public static void NumKeysNotPositive(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: numkeys should be greater than 0"u8 : "ERR numkeys should be greater than 0"u8);

    public static void TooManyKeys(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line
            ? "ERR: Number of keys can't be greater than number of args"u8
            : "ERR Number of keys can't be greater than number of args"u8);

    public static void LimitNegative(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: LIMIT can't be negative"u8 : "ERR LIMIT can't be negative"u8);

    public static void InvalidCursor(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: invalid cursor"u8 : "ERR invalid cursor"u8);
}
