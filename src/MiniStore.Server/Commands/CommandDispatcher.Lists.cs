using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>
/// List commands: LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP, LRANGE, LLEN, LINDEX, LSET, LREM, LTRIM, LINSERT, LPOS,
/// LMOVE, RPOPLPUSH, with Redis 7.0's replies and its order of checks (which argument errors come before the key's type).
/// </summary>
internal sealed partial class CommandDispatcher
{
    [Handles(CommandId.LPush)]
    private CommandOutcome LPush(in CommandContext c) => Push(c, front: true, onlyIfExists: false);

    [Handles(CommandId.RPush)]
    private CommandOutcome RPush(in CommandContext c) => Push(c, front: false, onlyIfExists: false);

    [Handles(CommandId.LPushX)]
    private CommandOutcome LPushX(in CommandContext c) => Push(c, front: true, onlyIfExists: true);

    [Handles(CommandId.RPushX)]
    private CommandOutcome RPushX(in CommandContext c) => Push(c, front: false, onlyIfExists: true);

    [Handles(CommandId.LPop)]
    private CommandOutcome LPop(in CommandContext c) => Pop(c, front: true);

    [Handles(CommandId.RPop)]
    private CommandOutcome RPop(in CommandContext c) => Pop(c, front: false);

    [Handles(CommandId.LLen)]
    private CommandOutcome LLen(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadList(c, slot, out var list))
        {
            return CommandOutcome.Continue;
        }

        c.Reply.Integer(list?.Count ?? 0);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.LRange)]
    private CommandOutcome LRange(in CommandContext c)
    {
        if (!CommandSyntax.TryParseInt64(c.Request[1], out var start) || !CommandSyntax.TryParseInt64(c.Request[2], out var stop))
        {
            ErrorReplies.NotAnInteger(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(c.Request[0]);
        if (!TryReadList(c, slot, out var list))
        {
            return CommandOutcome.Continue;
        }

        if (list is null || !TryClampRange(list.Count, start, stop, out var first, out var last))
        {
            c.Reply.ArrayHeader(0);
            return CommandOutcome.Continue;
        }

        slot.Touch();
        c.Reply.ArrayHeader(last - first + 1);
        for (var i = first; i <= last; i++)
        {
            c.Reply.Value(list[i]);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.LIndex)]
    private CommandOutcome LIndex(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadList(c, slot, out var list))
        {
            return CommandOutcome.Continue;
        }

        if (list is null)
        {
            c.Reply.Nil();
            return CommandOutcome.Continue;
        }

        if (!CommandSyntax.TryParseInt64(c.Request[1], out var index))
        {
            ErrorReplies.NotAnInteger(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        slot.Touch();
        if (TryResolveIndex(list.Count, index, out var at))
        {
            c.Reply.Value(list[at]);
        }
        else
        {
            c.Reply.Nil();
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.LSet)]
    private CommandOutcome LSet(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!slot.Exists)
        {
            ErrorReplies.NoSuchKey(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var list = slot.Collection<ListValue>();
        if (list is null)
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        if (!CommandSyntax.TryParseInt64(c.Request[1], out var index))
        {
            ErrorReplies.NotAnInteger(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        if (!TryResolveIndex(list.Count, index, out var at))
        {
            ErrorReplies.IndexOutOfRange(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var value = c.Request[2];
        var growth = value.Length - list[at].Length;
        if (growth > 0 && !slot.TryReserve(growth))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        list.Set(at, value.ToArray());
        slot.MarkModified();
        c.Reply.Ok();
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.LRem)]
    private CommandOutcome LRem(in CommandContext c)
    {
        if (!CommandSyntax.TryParseInt64(c.Request[1], out var count))
        {
            ErrorReplies.NotAnInteger(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(c.Request[0]);
        if (!TryReadList(c, slot, out var list))
        {
            return CommandOutcome.Continue;
        }

        if (list is null)
        {
            c.Reply.Integer(0);
            return CommandOutcome.Continue;
        }

        // |count| beyond the list's length means "all of them", as 0 does.
        var limit = count == long.MinValue || Math.Abs(count) >= list.Count ? 0 : (int)Math.Abs(count);
        var removed = list.RemoveMatching(c.Request[2], limit, fromBack: count < 0);
        if (removed > 0)
        {
            slot.MarkModified();
        }

        c.Reply.Integer(removed);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.LTrim)]
    private CommandOutcome LTrim(in CommandContext c)
    {
        if (!CommandSyntax.TryParseInt64(c.Request[1], out var start) || !CommandSyntax.TryParseInt64(c.Request[2], out var stop))
        {
            ErrorReplies.NotAnInteger(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(c.Request[0]);
        if (!TryReadList(c, slot, out var list))
        {
            return CommandOutcome.Continue;
        }

        if (list is not null)
        {
            var before = list.Count;
            if (TryClampRange(list.Count, start, stop, out var first, out var last))
            {
                list.Trim(first, last);
            }
            else
            {
                list.Clear();
            }

            if (list.Count != before)
            {
                slot.MarkModified();
            }
        }

        c.Reply.Ok();
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.LInsert)]
    private CommandOutcome LInsert(in CommandContext c)
    {
        bool after;
        if (System.Text.Ascii.EqualsIgnoreCase(c.Request[1], "before"u8))
        {
            after = false;
        }
        else if (System.Text.Ascii.EqualsIgnoreCase(c.Request[1], "after"u8))
        {
            after = true;
        }
        else
        {
            ErrorReplies.Syntax(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(c.Request[0]);
        if (!TryReadList(c, slot, out var list))
        {
            return CommandOutcome.Continue;
        }

        if (list is null)
        {
            c.Reply.Integer(0);
            return CommandOutcome.Continue;
        }

        var pivot = list.IndexOf(c.Request[2]);
        if (pivot < 0)
        {
            c.Reply.Integer(-1);
            return CommandOutcome.Continue;
        }

        var element = c.Request[3];
        if (!slot.TryReserve(ListValue.SizeOf(element.Length)))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        list.Insert(after ? pivot + 1 : pivot, element.ToArray());
        slot.MarkModified();
        c.Reply.Integer(list.Count);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.LPos)]
    private CommandOutcome LPos(in CommandContext c)
    {
        long rank = 1, count = -1, maxLength = 0;
        for (var i = 2; i < c.Request.ArgumentCount; i++)
        {
            var option = c.Request[i];
            var hasValue = i + 1 < c.Request.ArgumentCount;
            if (hasValue && System.Text.Ascii.EqualsIgnoreCase(option, "rank"u8))
            {
                if (!CommandSyntax.TryParseInt64(c.Request[++i], out rank))
                {
                    ErrorReplies.NotAnInteger(c.Reply, c.Format);
                    return CommandOutcome.Continue;
                }

                if (rank == 0)
                {
                    ListError(c, "RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"u8);
                    return CommandOutcome.Continue;
                }
            }
            else if (hasValue && System.Text.Ascii.EqualsIgnoreCase(option, "count"u8))
            {
                if (!CommandSyntax.TryParseInt64(c.Request[++i], out count) || count < 0)
                {
                    ListError(c, "COUNT can't be negative"u8);
                    return CommandOutcome.Continue;
                }
            }
            else if (hasValue && System.Text.Ascii.EqualsIgnoreCase(option, "maxlen"u8))
            {
                if (!CommandSyntax.TryParseInt64(c.Request[++i], out maxLength) || maxLength < 0)
                {
                    ListError(c, "MAXLEN can't be negative"u8);
                    return CommandOutcome.Continue;
                }
            }
            else
            {
                ErrorReplies.Syntax(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }
        }

        using var slot = store.Open(c.Request[0]);
        if (!TryReadList(c, slot, out var list))
        {
            return CommandOutcome.Continue;
        }

        var element = c.Request[1];
        var fromBack = rank < 0;
        var skip = rank == long.MinValue ? long.MaxValue : Math.Abs(rank) - 1;
        var wanted = count == 0 ? long.MaxValue : count < 0 ? 1 : count;
        var length = list?.Count ?? 0;
        var scan = maxLength == 0 ? length : (int)Math.Min(maxLength, length);
        List<long>? found = count >= 0 ? [] : null;
        long single = -1;
        for (var step = 0; step < scan && wanted > 0; step++)
        {
            var index = fromBack ? length - 1 - step : step;
            if (!list![index].AsSpan().SequenceEqual(element))
            {
                continue;
            }

            if (skip > 0)
            {
                skip--;
                continue;
            }

            if (found is null)
            {
                single = index;
                break;
            }

            found.Add(index);
            wanted--;
        }

        if (list is not null)
        {
            slot.Touch();
        }

        if (found is null)
        {
            if (single < 0)
            {
                c.Reply.Nil();
            }
            else
            {
                c.Reply.Integer(single);
            }

            return CommandOutcome.Continue;
        }

        c.Reply.ArrayHeader(found.Count);
        foreach (var index in found)
        {
            c.Reply.Integer(index);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.LMove)]
    private CommandOutcome LMove(in CommandContext c)
    {
        if (!TryParseEnd(c.Request[2], out var fromFront) || !TryParseEnd(c.Request[3], out var toFront))
        {
            ErrorReplies.Syntax(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        return Move(c, c.Request[0], c.Request[1], fromFront, toFront);
    }

    [Handles(CommandId.RPopLPush)]
    private CommandOutcome RPopLPush(in CommandContext c) => Move(c, c.Request[0], c.Request[1], fromFront: false, toFront: true);

    private CommandOutcome Push(in CommandContext c, bool front, bool onlyIfExists)
    {
        using var slot = store.Open(c.Request[0]);
        ListValue list;
        if (onlyIfExists)
        {
            if (!slot.Exists)
            {
                c.Reply.Integer(0);
                return CommandOutcome.Continue;
            }

            var existing = slot.Collection<ListValue>();
            if (existing is null)
            {
                ErrorReplies.WrongType(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }

            list = existing;
        }
        else if (!slot.TryGetOrCreate(out list))
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        long growth = 0;
        for (var i = 1; i < c.Request.ArgumentCount; i++)
        {
            growth += ListValue.SizeOf(c.Request[i].Length);
        }

        if (!slot.TryReserve(growth))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        for (var i = 1; i < c.Request.ArgumentCount; i++)
        {
            var element = c.Request[i].ToArray();
            if (front)
            {
                list.PushFront(element);
            }
            else
            {
                list.PushBack(element);
            }
        }

        slot.MarkModified();
        c.Reply.Integer(list.Count);
        return CommandOutcome.Continue;
    }

    private CommandOutcome Pop(in CommandContext c, bool front)
    {
        long count = -1;
        if (c.Request.ArgumentCount > 1 && (!CommandSyntax.TryParseInt64(c.Request[1], out count) || count < 0))
        {
            ListError(c, "value is out of range, must be positive"u8);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(c.Request[0]);
        if (!TryReadList(c, slot, out var list))
        {
            return CommandOutcome.Continue;
        }

        if (list is null)
        {
            if (count < 0)
            {
                c.Reply.Nil();
            }
            else
            {
                c.Reply.NilArray();
            }

            return CommandOutcome.Continue;
        }

        if (count < 0)
        {
            c.Reply.Value(front ? list.PopFront() : list.PopBack());
            slot.MarkModified();
            return CommandOutcome.Continue;
        }

        var popped = (int)Math.Min(count, list.Count);
        c.Reply.ArrayHeader(popped);
        for (var i = 0; i < popped; i++)
        {
            c.Reply.Value(front ? list.PopFront() : list.PopBack());
        }

        if (popped > 0)
        {
            slot.MarkModified();
        }

        return CommandOutcome.Continue;
    }

    /// <summary>LMOVE / RPOPLPUSH: both keys' shards locked together, so the move is atomic; one key rotates its list.</summary>
    private CommandOutcome Move(in CommandContext c, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, bool fromFront, bool toFront)
    {
        using var locks = store.LockKeys(source, destination);
        using var from = store.Open(source);
        if (!TryReadList(c, from, out var list))
        {
            return CommandOutcome.Continue;
        }

        if (list is null)
        {
            c.Reply.Nil();
            return CommandOutcome.Continue;
        }

        if (source.SequenceEqual(destination))
        {
            var element = fromFront ? list.PopFront() : list.PopBack();
            if (toFront)
            {
                list.PushFront(element);
            }
            else
            {
                list.PushBack(element);
            }

            from.MarkModified();
            c.Reply.Value(element);
            return CommandOutcome.Continue;
        }

        using var to = store.Open(destination);
        if (!to.TryGetOrCreate<ListValue>(out var target))
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var moved = fromFront ? list[0] : list[list.Count - 1];
        if (!to.TryReserve(ListValue.SizeOf(moved.Length)))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        _ = fromFront ? list.PopFront() : list.PopBack();
        if (toFront)
        {
            target.PushFront(moved);
        }
        else
        {
            target.PushBack(moved);
        }

        from.MarkModified();
        to.MarkModified();
        c.Reply.Value(moved);
        return CommandOutcome.Continue;
    }

    /// <summary>The key's list (null when absent); false after replying WRONGTYPE.</summary>
    private static bool TryReadList(in CommandContext c, in KeySlot slot, out ListValue? list)
    {
        list = null;
        if (!slot.Exists)
        {
            return true;
        }

        list = slot.Collection<ListValue>();
        if (list is null)
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return false;
        }

        return true;
    }

    /// <summary>Redis's LRANGE/LTRIM clamping: negative indexes count from the end; false when the range is empty.</summary>
    private static bool TryClampRange(int length, long start, long stop, out int first, out int last)
    {
        if (start < 0)
        {
            start += length;
        }

        if (stop < 0)
        {
            stop += length;
        }

        if (start < 0)
        {
            start = 0;
        }

        if (start > stop || start >= length)
        {
            first = last = 0;
            return false;
        }

        first = (int)start;
        last = (int)Math.Min(stop, length - 1);
        return true;
    }

    /// <summary>A LINDEX/LSET index (negative from the end) as a position; false when outside the list.</summary>
    private static bool TryResolveIndex(int length, long index, out int at)
    {
        if (index < 0)
        {
            index += length;
        }

        at = (int)index;
        return index >= 0 && index < length;
    }

    /// <summary>LMOVE's LEFT (the front) or RIGHT.</summary>
    private static bool TryParseEnd(ReadOnlySpan<byte> word, out bool front)
    {
        front = System.Text.Ascii.EqualsIgnoreCase(word, "left"u8);
        return front || System.Text.Ascii.EqualsIgnoreCase(word, "right"u8);
    }

    /// <summary>A list command's own error: Redis's text after <c>ERR </c> over RESP, after <c>ERR: </c> on a line.</summary>
    private static void ListError(in CommandContext c, ReadOnlySpan<byte> message) =>
        c.Reply.Error(c.Format == WireFormat.Line ? "ERR: "u8 : "ERR "u8, message, default);
}
