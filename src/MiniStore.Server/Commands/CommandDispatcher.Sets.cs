using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>Set commands: SADD, SREM, SISMEMBER, SCARD, SMEMBERS.</summary>
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
