using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>Sorted set commands: ZADD, ZINCRBY, ZSCORE, ZMSCORE, ZCARD, ZREM, ZPOPMIN, ZPOPMAX (Redis 7.0 semantics).</summary>
internal sealed partial class CommandDispatcher
{
    [Handles(CommandId.ZAdd)]
    private CommandOutcome ZAdd(in CommandContext c)
    {
        var request = c.Request;
        bool nx = false, xx = false, ch = false, incr = false, gt = false, lt = false;
        var first = 1;
        for (; first < request.ArgumentCount; first++)
        {
            var word = request[first];
            if (IsWord(word, "NX"u8))
            {
                nx = true;
            }
            else if (IsWord(word, "XX"u8))
            {
                xx = true;
            }
            else if (IsWord(word, "CH"u8))
            {
                ch = true;
            }
            else if (IsWord(word, "INCR"u8))
            {
                incr = true;
            }
            else if (IsWord(word, "GT"u8))
            {
                gt = true;
            }
            else if (IsWord(word, "LT"u8))
            {
                lt = true;
            }
            else
            {
                break;
            }
        }

        var elements = request.ArgumentCount - first;
        if (elements == 0 || elements % 2 != 0)
        {
            ErrorReplies.Syntax(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        if (nx && xx)
        {
            ZError(c, "XX and NX options at the same time are not compatible"u8);
            return CommandOutcome.Continue;
        }

        if ((gt && nx) || (lt && nx) || (gt && lt))
        {
            ZError(c, "GT, LT, and/or NX options at the same time are not compatible"u8);
            return CommandOutcome.Continue;
        }

        if (incr && elements > 2)
        {
            ZError(c, "INCR option supports a single increment-element pair"u8);
            return CommandOutcome.Continue;
        }

        var pairs = elements / 2;
        Span<double> scores = pairs <= 64 ? stackalloc double[pairs] : new double[pairs];
        for (var i = 0; i < pairs; i++)
        {
            if (!FloatText.TryParse(request[first + 2 * i], out scores[i]))
            {
                ErrorReplies.NotAFloat(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }
        }

        using var slot = store.Open(request[0]);
        if (slot.Exists && slot.Kind != ValueKind.SortedSet)
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        if (!slot.Exists && xx)
        {
            if (incr)
            {
                c.Reply.Nil();
            }
            else
            {
                c.Reply.Integer(0);
            }

            return CommandOutcome.Continue;
        }

        slot.TryGetOrCreate<SortedSetValue>(out var zset);
        if (!xx)
        {
            long growth = 0;
            for (var i = 0; i < pairs; i++)
            {
                growth += zset.GrowthOf(request[first + 2 * i + 1]);
            }

            if (growth > 0 && !slot.TryReserve(growth))
            {
                ErrorReplies.OutOfMemory(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }
        }

        long added = 0, updated = 0;
        var processed = false;
        double result = 0;
        for (var i = 0; i < pairs; i++)
        {
            var member = request[first + 2 * i + 1];
            var score = scores[i];
            if (zset.TryGetScore(member, out var current))
            {
                if (nx)
                {
                    continue;
                }

                if (incr)
                {
                    score += current;
                    if (double.IsNaN(score))
                    {
                        ZError(c, "resulting score is not a number (NaN)"u8);
                        return CommandOutcome.Continue;
                    }
                }

                if ((lt && score >= current) || (gt && score <= current))
                {
                    continue;
                }

                processed = true;
                result = score + 0.0;
                if (score != current)
                {
                    zset.Set(member, score);
                    updated++;
                }
            }
            else
            {
                if (xx)
                {
                    continue;
                }

                processed = true;
                result = score + 0.0;
                zset.Set(member, score);
                added++;
            }
        }

        if (added + updated > 0)
        {
            slot.MarkModified();
        }

        if (incr)
        {
            if (processed)
            {
                c.Reply.Double(result);
            }
            else
            {
                c.Reply.Nil();
            }
        }
        else
        {
            c.Reply.Integer(ch ? added + updated : added);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.ZIncrBy)]
    private CommandOutcome ZIncrBy(in CommandContext c)
    {
        var request = c.Request;
        if (!FloatText.TryParse(request[1], out var increment))
        {
            ErrorReplies.NotAFloat(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(request[0]);
        if (!slot.TryGetOrCreate<SortedSetValue>(out var zset))
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var member = request[2];
        var score = increment;
        if (zset.TryGetScore(member, out var current))
        {
            score += current;
            if (double.IsNaN(score))
            {
                ZError(c, "resulting score is not a number (NaN)"u8);
                return CommandOutcome.Continue;
            }
        }
        else if (!slot.TryReserve(zset.GrowthOf(member)))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        zset.Set(member, score);
        slot.MarkModified();
        c.Reply.Double(score + 0.0);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.ZScore)]
    private CommandOutcome ZScore(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadZSet(c, slot, out var zset))
        {
            return CommandOutcome.Continue;
        }

        if (zset is not null && zset.TryGetScore(c.Request[1], out var score))
        {
            c.Reply.Double(score);
        }
        else
        {
            c.Reply.Nil();
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.ZMScore)]
    private CommandOutcome ZMScore(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadZSet(c, slot, out var zset))
        {
            return CommandOutcome.Continue;
        }

        c.Reply.ArrayHeader(c.Request.ArgumentCount - 1);
        for (var i = 1; i < c.Request.ArgumentCount; i++)
        {
            if (zset is not null && zset.TryGetScore(c.Request[i], out var score))
            {
                c.Reply.Double(score);
            }
            else
            {
                c.Reply.Nil();
            }
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.ZCard)]
    private CommandOutcome ZCard(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadZSet(c, slot, out var zset))
        {
            return CommandOutcome.Continue;
        }

        c.Reply.Integer(zset?.Count ?? 0);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.ZRem)]
    private CommandOutcome ZRem(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadZSet(c, slot, out var zset))
        {
            return CommandOutcome.Continue;
        }

        long removed = 0;
        for (var i = 1; zset is not null && i < c.Request.ArgumentCount; i++)
        {
            if (zset.Remove(c.Request[i]))
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

    [Handles(CommandId.ZPopMin)]
    private CommandOutcome ZPopMin(in CommandContext c) => ZPop(c, max: false);

    [Handles(CommandId.ZPopMax)]
    private CommandOutcome ZPopMax(in CommandContext c) => ZPop(c, max: true);

    private CommandOutcome ZPop(in CommandContext c, bool max)
    {
        var request = c.Request;
        if (request.ArgumentCount > 2)
        {
            ErrorReplies.Syntax(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        long count = 1;
        var counted = request.ArgumentCount == 2;
        if (counted && (!CommandSyntax.TryParseInt64(request[1], out count) || count < 0))
        {
            ZError(c, "value is out of range, must be positive"u8);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(request[0]);
        if (!TryReadZSet(c, slot, out var zset))
        {
            return CommandOutcome.Continue;
        }

        if (zset is null || count == 0)
        {
            c.Reply.ArrayHeader(0);
            return CommandOutcome.Continue;
        }

        var popped = (int)Math.Min(count, zset.Count);
        var nested = counted && IsResp3(c);
        c.Reply.ArrayHeader(nested ? popped : popped * 2);
        for (var i = 0; i < popped; i++)
        {
            var node = max ? zset.Last! : zset.First!;
            WriteScored(c, node, nested);
            zset.Remove(node);
        }

        slot.MarkModified();
        return CommandOutcome.Continue;
    }

    /// <summary>The key's sorted set (null when absent); false after replying WRONGTYPE.</summary>
    private static bool TryReadZSet(in CommandContext c, in KeySlot slot, out SortedSetValue? zset)
    {
        zset = null;
        if (!slot.Exists)
        {
            return true;
        }

        zset = slot.Collection<SortedSetValue>();
        if (zset is null)
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return false;
        }

        return true;
    }

    private static bool IsResp3(in CommandContext c) => c.Format != WireFormat.Line && c.Reply.RespVersion == 3;

    /// <summary>A member and its score: a [member, score] pair when <paramref name="nested"/> (RESP3), else two flat elements.</summary>
    private static void WriteScored(in CommandContext c, SortedSetValue.Node node, bool nested)
    {
        if (nested)
        {
            c.Reply.ArrayHeader(2);
        }

        c.Reply.Value(node.Member);
        c.Reply.Double(node.Score);
    }

    /// <summary>A sorted set error without a row in protocol.md C: RESP <c>ERR message</c>, line <c>ERR: message</c>.</summary>
    private static void ZError(in CommandContext c, ReadOnlySpan<byte> message) =>
        c.Reply.Error(c.Format == WireFormat.Line ? "ERR: "u8 : "ERR "u8, message, default);
}
