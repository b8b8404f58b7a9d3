using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>Set commands on one key: SADD, SREM, SISMEMBER, SMISMEMBER, SCARD, SMEMBERS, SPOP, SRANDMEMBER.</summary>
internal sealed partial class CommandDispatcher
{
    [Handles(CommandId.SAdd)]
    private CommandOutcome SAdd(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!slot.TryGetOrCreate<SetValue>(out var set))
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        long growth = 0;
        for (var i = 1; i < c.Request.ArgumentCount; i++)
        {
            growth += set.GrowthOf(c.Request[i]);
        }

        if (growth > 0 && !slot.TryReserve(growth))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        long added = 0;
        for (var i = 1; i < c.Request.ArgumentCount; i++)
        {
            if (set.Add(c.Request[i]))
            {
                added++;
            }
        }

        if (added > 0)
        {
            slot.MarkModified();
        }

        c.Reply.Integer(added);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.SRem)]
    private CommandOutcome SRem(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadSet(c, slot, out var set))
        {
            return CommandOutcome.Continue;
        }

        long removed = 0;
        for (var i = 1; set is not null && i < c.Request.ArgumentCount; i++)
        {
            if (set.Remove(c.Request[i]))
            {
                removed++;
            }
        }

        if (removed > 0)
        {
            slot.MarkModified();
        }

        c.Reply.Integer(removed);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.SIsMember)]
    private CommandOutcome SIsMember(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadSet(c, slot, out var set))
        {
            return CommandOutcome.Continue;
        }

        c.Reply.Integer(set is not null && set.Contains(c.Request[1]) ? 1 : 0);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.SCard)]
    private CommandOutcome SCard(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadSet(c, slot, out var set))
        {
            return CommandOutcome.Continue;
        }

        c.Reply.Integer(set?.Count ?? 0);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.SMembers)]
    private CommandOutcome SMembers(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadSet(c, slot, out var set))
        {
            return CommandOutcome.Continue;
        }

        var count = set?.Count ?? 0;
        c.Reply.ArrayHeader(count);
        for (var i = 0; i < count; i++)
        {
            c.Reply.Value(set![i]);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.SMIsMember)]
    private CommandOutcome SMIsMember(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadSet(c, slot, out var set))
        {
            return CommandOutcome.Continue;
        }

        c.Reply.ArrayHeader(c.Request.ArgumentCount - 1);
        for (var i = 1; i < c.Request.ArgumentCount; i++)
        {
            c.Reply.Integer(set is not null && set.Contains(c.Request[i]) ? 1 : 0);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.SPop)]
    private CommandOutcome SPop(in CommandContext c)
    {
        if (c.Request.ArgumentCount > 2)
        {
            ErrorReplies.Syntax(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var withCount = c.Request.ArgumentCount == 2;
        long count = 1;
        if (withCount && (!CommandSyntax.TryParseInt64(c.Request[1], out count) || count < 0))
        {
            SetErrors.MustBePositive(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(c.Request[0]);
        if (!TryReadSet(c, slot, out var set))
        {
            return CommandOutcome.Continue;
        }

        if (!withCount)
        {
            if (set is null)
            {
                c.Reply.Nil();
                return CommandOutcome.Continue;
            }

            var popped = set.RemoveAt(Random.Shared.Next(set.Count));
            slot.MarkModified();
            c.Reply.Value(popped);
            return CommandOutcome.Continue;
        }

        var taken = set is null ? 0 : (int)Math.Min(count, set.Count);
        c.Reply.ArrayHeader(taken);
        for (var i = 0; i < taken; i++)
        {
            c.Reply.Value(set!.RemoveAt(Random.Shared.Next(set.Count)));
        }

        if (taken > 0)
        {
            slot.MarkModified();
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.SRandMember)]
    private CommandOutcome SRandMember(in CommandContext c)
    {
        if (c.Request.ArgumentCount > 2)
        {
            ErrorReplies.Syntax(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var withCount = c.Request.ArgumentCount == 2;
        long count = 1;
        if (withCount)
        {
            if (!CommandSyntax.TryParseInt64(c.Request[1], out count))
            {
                ErrorReplies.NotAnInteger(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }

            if (count == long.MinValue)
            {
                SetErrors.CountOutOfRange(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }

            if (count < -SetErrors.MaxRepeatedMembers)
            {
                // Redis would build a reply of that many members (and runs out of memory); refuse instead.
                SetErrors.TooManyRepeats(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }
        }

        using var slot = store.Open(c.Request[0]);
        if (!TryReadSet(c, slot, out var set))
        {
            return CommandOutcome.Continue;
        }

        if (!withCount)
        {
            if (set is null)
            {
                c.Reply.Nil();
            }
            else
            {
                c.Reply.Value(set[Random.Shared.Next(set.Count)]);
            }

            return CommandOutcome.Continue;
        }

        if (set is null || count == 0)
        {
            c.Reply.ArrayHeader(0);
            return CommandOutcome.Continue;
        }

        if (count < 0)
        {
            // Repeats allowed: exactly -count members, each picked independently.
            var repeats = (int)-count;
            c.Reply.ArrayHeader(repeats);
            for (var i = 0; i < repeats; i++)
            {
                c.Reply.Value(set[Random.Shared.Next(set.Count)]);
            }

            return CommandOutcome.Continue;
        }

        var distinct = (int)Math.Min(count, set.Count);
        c.Reply.ArrayHeader(distinct);
        if (distinct == set.Count)
        {
            for (var i = 0; i < distinct; i++)
            {
                c.Reply.Value(set[i]);
            }

            return CommandOutcome.Continue;
        }

        // Distinct members: the first `distinct` places of a partial Fisher–Yates shuffle of the positions.
        var positions = new int[set.Count];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = i;
        }

        for (var i = 0; i < distinct; i++)
        {
            var j = Random.Shared.Next(i, positions.Length);
            (positions[i], positions[j]) = (positions[j], positions[i]);
            c.Reply.Value(set[positions[i]]);
        }

        return CommandOutcome.Continue;
    }

    /// <summary>The key's set (null when absent); false after replying WRONGTYPE.</summary>
    private static bool TryReadSet(in CommandContext c, in KeySlot slot, out SetValue? set)
    {
        set = null;
        if (!slot.Exists)
        {
            return true;
        }

        set = slot.Collection<SetValue>();
        if (set is null)
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return false;
        }

        return true;
    }
}
