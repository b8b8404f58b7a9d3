using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>
/// Sorted set range commands: ZRANGE (BYSCORE, BYLEX, REV, LIMIT, WITHSCORES) and its older forms, ZCOUNT, ZLEXCOUNT,
/// ZRANK, ZREVRANK, ZREMRANGEBYSCORE/RANK/LEX and ZSCAN.
/// </summary>
internal sealed partial class CommandDispatcher
{
    /// <summary>A ZSCAN of a set this small returns it whole, in order, with cursor 0 (as Redis does for a listpack).</summary>
    private const int ZScanWholeLimit = 128;

    private enum ZRangeKind : byte
    {
        Auto,
        Rank,
        Score,
        Lex,
    }

    [Handles(CommandId.ZRange)]
    private CommandOutcome ZRange(in CommandContext c) => ZRangeGeneric(c, ZRangeKind.Auto, null);

    [Handles(CommandId.ZRangeByScore)]
    private CommandOutcome ZRangeByScore(in CommandContext c) => ZRangeGeneric(c, ZRangeKind.Score, false);

    [Handles(CommandId.ZRevRangeByScore)]
    private CommandOutcome ZRevRangeByScore(in CommandContext c) => ZRangeGeneric(c, ZRangeKind.Score, true);

    [Handles(CommandId.ZRevRange)]
    private CommandOutcome ZRevRange(in CommandContext c) => ZRangeGeneric(c, ZRangeKind.Rank, true);

    [Handles(CommandId.ZRangeByLex)]
    private CommandOutcome ZRangeByLex(in CommandContext c) => ZRangeGeneric(c, ZRangeKind.Lex, false);

    [Handles(CommandId.ZRevRangeByLex)]
    private CommandOutcome ZRevRangeByLex(in CommandContext c) => ZRangeGeneric(c, ZRangeKind.Lex, true);

    /// <summary>Redis's <c>zrangeGenericCommand</c>: options, then conflicts, then the range, then the key.</summary>
    private CommandOutcome ZRangeGeneric(in CommandContext c, ZRangeKind kind, bool? reverse)
    {
        var request = c.Request;
        var withScores = false;
        long offset = 0, limit = -1;
        for (var j = 3; j < request.ArgumentCount; j++)
        {
            var left = request.ArgumentCount - j - 1;
            var word = request[j];
            if (IsWord(word, "WITHSCORES"u8))
            {
                withScores = true;
            }
            else if (IsWord(word, "LIMIT"u8) && left >= 2)
            {
                if (!CommandSyntax.TryParseInt64(request[j + 1], out offset) || !CommandSyntax.TryParseInt64(request[j + 2], out limit))
                {
                    ErrorReplies.NotAnInteger(c.Reply, c.Format);
                    return CommandOutcome.Continue;
                }

                j += 2;
            }
            else if (reverse is null && IsWord(word, "REV"u8))
            {
                reverse = true;
            }
            else if (kind == ZRangeKind.Auto && IsWord(word, "BYLEX"u8))
            {
                kind = ZRangeKind.Lex;
            }
            else if (kind == ZRangeKind.Auto && IsWord(word, "BYSCORE"u8))
            {
                kind = ZRangeKind.Score;
            }
            else
            {
                ErrorReplies.Syntax(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }
        }

        var rev = reverse ?? false;
        if (kind == ZRangeKind.Auto)
        {
            kind = ZRangeKind.Rank;
        }

        if (limit != -1 && kind == ZRangeKind.Rank)
        {
            ZError(c, "syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"u8);
            return CommandOutcome.Continue;
        }

        if (withScores && kind == ZRangeKind.Lex)
        {
            ZError(c, "syntax error, WITHSCORES not supported in combination with BYLEX"u8);
            return CommandOutcome.Continue;
        }

        var minText = request[rev && kind != ZRangeKind.Rank ? 2 : 1];
        var maxText = request[rev && kind != ZRangeKind.Rank ? 1 : 2];
        long start = 0, end = 0;
        ScoreRange scores = default;
        LexRange lex = default;
        switch (kind)
        {
            case ZRangeKind.Rank:
                if (!CommandSyntax.TryParseInt64(minText, out start) || !CommandSyntax.TryParseInt64(maxText, out end))
                {
                    ErrorReplies.NotAnInteger(c.Reply, c.Format);
                    return CommandOutcome.Continue;
                }

                break;
            case ZRangeKind.Score:
                if (!TryParseScoreRange(minText, maxText, out scores))
                {
                    ZError(c, "min or max is not a float"u8);
                    return CommandOutcome.Continue;
                }

                break;
            default:
                if (!TryParseLexRange(minText, maxText, out lex))
                {
                    ZError(c, "min or max not valid string range item"u8);
                    return CommandOutcome.Continue;
                }

                break;
        }

        using var slot = store.Open(request[0]);
        if (!TryReadZSet(c, slot, out var zset))
        {
            return CommandOutcome.Continue;
        }

        if (zset is null)
        {
            c.Reply.ArrayHeader(0);
            return CommandOutcome.Continue;
        }

        SortedSetValue.Node? node;
        long count;
        if (kind == ZRangeKind.Rank)
        {
            long length = zset.Count;
            if (!ClampRanks(length, ref start, ref end))
            {
                c.Reply.ArrayHeader(0);
                return CommandOutcome.Continue;
            }

            count = end - start + 1;
            node = zset.AtRank(rev ? length - 1 - start : start);
        }
        else
        {
            SortedSetValue.Node? first, last;
            if (kind == ZRangeKind.Score)
            {
                first = zset.FirstIn(scores);
                last = first is null ? null : zset.LastIn(scores);
            }
            else
            {
                first = zset.FirstIn(lex);
                last = first is null ? null : zset.LastIn(lex);
            }

            count = 0;
            node = null;
            if (first is not null && last is not null && offset >= 0)
            {
                var firstRank = zset.RankOf(first);
                var lastRank = zset.RankOf(last);
                var available = lastRank - firstRank + 1 - offset;
                if (available > 0)
                {
                    count = limit < 0 ? available : Math.Min(limit, available);
                    node = count == 0 ? null : zset.AtRank(rev ? lastRank - offset : firstRank + offset);
                }
            }
        }

        var nested = withScores && IsResp3(c);
        c.Reply.ArrayHeader((int)(withScores && !nested ? count * 2 : count));
        for (long i = 0; i < count && node is not null; i++)
        {
            if (withScores)
            {
                WriteScored(c, node, nested);
            }
            else
            {
                c.Reply.Value(node.Member);
            }

            node = rev ? node.Previous : node.Next;
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.ZCount)]
    private CommandOutcome ZCount(in CommandContext c)
    {
        if (!TryParseScoreRange(c.Request[1], c.Request[2], out var range))
        {
            ZError(c, "min or max is not a float"u8);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(c.Request[0]);
        if (TryReadZSet(c, slot, out var zset))
        {
            c.Reply.Integer(zset?.CountIn(range) ?? 0);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.ZLexCount)]
    private CommandOutcome ZLexCount(in CommandContext c)
    {
        if (!TryParseLexRange(c.Request[1], c.Request[2], out var range))
        {
            ZError(c, "min or max not valid string range item"u8);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(c.Request[0]);
        if (TryReadZSet(c, slot, out var zset))
        {
            c.Reply.Integer(zset?.CountIn(range) ?? 0);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.ZRank)]
    private CommandOutcome ZRank(in CommandContext c) => ZRankGeneric(c, reverse: false);

    [Handles(CommandId.ZRevRank)]
    private CommandOutcome ZRevRank(in CommandContext c) => ZRankGeneric(c, reverse: true);

    private CommandOutcome ZRankGeneric(in CommandContext c, bool reverse)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadZSet(c, slot, out var zset))
        {
            return CommandOutcome.Continue;
        }

        var rank = zset?.RankOf(c.Request[1]) ?? -1;
        if (rank < 0)
        {
            c.Reply.Nil();
        }
        else
        {
            c.Reply.Integer(reverse ? zset!.Count - 1 - rank : rank);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.ZRemRangeByScore)]
    private CommandOutcome ZRemRangeByScore(in CommandContext c)
    {
        if (!TryParseScoreRange(c.Request[1], c.Request[2], out var range))
        {
            ZError(c, "min or max is not a float"u8);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(c.Request[0]);
        if (!TryReadZSet(c, slot, out var zset))
        {
            return CommandOutcome.Continue;
        }

        var first = zset?.FirstIn(range);
        var removed = first is null ? 0 : RemoveFrom(zset!, first, node => range.BelowMax(node.Score), long.MaxValue);
        if (removed > 0)
        {
            slot.MarkModified();
        }

        c.Reply.Integer(removed);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.ZRemRangeByLex)]
    private CommandOutcome ZRemRangeByLex(in CommandContext c)
    {
        if (!TryParseLexRange(c.Request[1], c.Request[2], out var range))
        {
            ZError(c, "min or max not valid string range item"u8);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(c.Request[0]);
        if (!TryReadZSet(c, slot, out var zset))
        {
            return CommandOutcome.Continue;
        }

        var first = zset?.FirstIn(range);
        var removed = first is null ? 0 : RemoveFrom(zset!, first, node => range.BelowMax(node.Member), long.MaxValue);
        if (removed > 0)
        {
            slot.MarkModified();
        }

        c.Reply.Integer(removed);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.ZRemRangeByRank)]
    private CommandOutcome ZRemRangeByRank(in CommandContext c)
    {
        if (!CommandSyntax.TryParseInt64(c.Request[1], out var start) || !CommandSyntax.TryParseInt64(c.Request[2], out var end))
        {
            ErrorReplies.NotAnInteger(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(c.Request[0]);
        if (!TryReadZSet(c, slot, out var zset))
        {
            return CommandOutcome.Continue;
        }

        if (zset is null || !ClampRanks(zset.Count, ref start, ref end))
        {
            c.Reply.Integer(0);
            return CommandOutcome.Continue;
        }

        var removed = RemoveFrom(zset, zset.AtRank(start)!, static _ => true, end - start + 1);
        slot.MarkModified();
        c.Reply.Integer(removed);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.ZScan)]
    private CommandOutcome ZScan(in CommandContext c)
    {
        var request = c.Request;
        if (!TryParseZScanCursor(request[1], out var cursor))
        {
            ZError(c, "invalid cursor"u8);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(request[0]);
        if (!TryReadZSet(c, slot, out var zset))
        {
            return CommandOutcome.Continue;
        }

        if (zset is null)
        {
            c.Reply.ArrayHeader(2);
            c.Reply.Value("0"u8);
            c.Reply.ArrayHeader(0);
            return CommandOutcome.Continue;
        }

        long count = 10;
        ReadOnlySpan<byte> pattern = default;
        var usePattern = false;
        for (var i = 2; i < request.ArgumentCount; i += 2)
        {
            var left = request.ArgumentCount - i;
            if (IsWord(request[i], "COUNT"u8) && left >= 2)
            {
                if (!CommandSyntax.TryParseInt64(request[i + 1], out count))
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
            else if (IsWord(request[i], "MATCH"u8) && left >= 2)
            {
                pattern = request[i + 1];
                usePattern = !(pattern.Length == 1 && pattern[0] == '*');
            }
            else
            {
                ErrorReplies.Syntax(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }
        }

        var found = new List<SortedSetValue.Node>();
        ulong next = 0;
        if (zset.Count <= ZScanWholeLimit)
        {
            for (var node = zset.First; node is not null; node = node.Next)
            {
                found.Add(node);
            }
        }
        else if (cursor < (ulong)zset.SlotCount)
        {
            var position = (int)cursor;
            while (position < zset.SlotCount && found.Count < count)
            {
                if (zset.AtSlot(position) is { } node)
                {
                    found.Add(node);
                }

                position++;
            }

            next = position < zset.SlotCount ? (ulong)position : 0;
        }

        if (usePattern)
        {
            var kept = 0;
            for (var i = 0; i < found.Count; i++)
            {
                if (GlobPattern.IsMatch(pattern, found[i].Member))
                {
                    found[kept++] = found[i];
                }
            }

            found.RemoveRange(kept, found.Count - kept);
        }

        Span<byte> digits = stackalloc byte[20];
        System.Buffers.Text.Utf8Formatter.TryFormat(next, digits, out var length);
        Span<byte> score = stackalloc byte[FloatText.MaxLength];
        c.Reply.ArrayHeader(2);
        c.Reply.Value(digits[..length]);
        c.Reply.ArrayHeader(found.Count * 2);
        foreach (var node in found)
        {
            c.Reply.Value(node.Member);
            c.Reply.Value(score[..FloatText.Format(node.Score, score)]);
        }

        return CommandOutcome.Continue;
    }

    /// <summary>Removes up to <paramref name="limit"/> nodes from <paramref name="first"/> on while <paramref name="inside"/> holds.</summary>
    private static long RemoveFrom(SortedSetValue zset, SortedSetValue.Node first, Func<SortedSetValue.Node, bool> inside, long limit)
    {
        long removed = 0;
        var node = first;
        while (node is not null && removed < limit && inside(node))
        {
            var next = node.Next;
            zset.Remove(node);
            removed++;
            node = next;
        }

        return removed;
    }

    /// <summary>Redis's rank clamping (ZRANGE, ZREMRANGEBYRANK); false when the range is empty.</summary>
    private static bool ClampRanks(long length, ref long start, ref long end)
    {
        if (start < 0)
        {
            start += length;
        }

        if (end < 0)
        {
            end += length;
        }

        if (start < 0)
        {
            start = 0;
        }

        if (start > end || start >= length)
        {
            return false;
        }

        if (end >= length)
        {
            end = length - 1;
        }

        return true;
    }

    /// <summary>Redis's <c>zslParseRange</c>: <c>(</c> makes a bound exclusive; the rest is <c>strtod</c>.</summary>
    private static bool TryParseScoreRange(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out ScoreRange range)
    {
        range = default;
        if (!TryParseScoreBound(min, out var minValue, out var minExclusive) || !TryParseScoreBound(max, out var maxValue, out var maxExclusive))
        {
            return false;
        }

        range = new ScoreRange(minValue, maxValue, minExclusive, maxExclusive);
        return true;
    }

    private static bool TryParseScoreBound(ReadOnlySpan<byte> text, out double value, out bool exclusive)
    {
        exclusive = !text.IsEmpty && text[0] == '(';
        return FloatText.TryParseBound(exclusive ? text[1..] : text, out value);
    }

    /// <summary>Redis's <c>zslParseLexRange</c>: <c>-</c>, <c>+</c>, <c>[member</c> or <c>(member</c>.</summary>
    private static bool TryParseLexRange(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out LexRange range)
    {
        range = default;
        if (!TryParseLexBound(min, out var low) || !TryParseLexBound(max, out var high))
        {
            return false;
        }

        range = new LexRange(low, high);
        return true;
    }

    private static bool TryParseLexBound(ReadOnlySpan<byte> text, out LexBound bound)
    {
        bound = default;
        if (text.IsEmpty)
        {
            return false;
        }

        switch (text[0])
        {
            case (byte)'+' when text.Length == 1:
                bound = LexBound.PositiveInfinity;
                return true;
            case (byte)'-' when text.Length == 1:
                bound = LexBound.NegativeInfinity;
                return true;
            case (byte)'(':
                bound = new LexBound(LexBoundKind.Value, text[1..].ToArray(), true);
                return true;
            case (byte)'[':
                bound = new LexBound(LexBoundKind.Value, text[1..].ToArray(), false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Redis's <c>parseScanCursorOrReply</c>: <c>strtoul</c> over the whole text, no leading blank, no overflow.</summary>
    private static bool TryParseZScanCursor(ReadOnlySpan<byte> text, out ulong cursor)
    {
        cursor = 0;
        if (text.IsEmpty)
        {
            return true;
        }

        var i = 0;
        var negative = false;
        if (text[0] == '+' || text[0] == '-')
        {
            negative = text[0] == '-';
            i = 1;
        }

        if (i == text.Length)
        {
            return false;
        }

        for (; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit((char)text[i]))
            {
                return false;
            }

            var digit = (ulong)(text[i] - '0');
            if (cursor > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            cursor = cursor * 10 + digit;
        }

        if (negative)
        {
            cursor = unchecked(0 - cursor);
        }

        return true;
    }
}
