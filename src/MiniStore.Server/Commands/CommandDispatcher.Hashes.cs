using System.Buffers.Text;
using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>
/// Hash commands: HSET, HMSET, HSETNX, HGET, HMGET, HGETALL, HDEL, HEXISTS, HLEN, HKEYS, HVALS, HSTRLEN, HINCRBY,
/// HINCRBYFLOAT, HRANDFIELD, HSCAN (Redis 7.0 semantics; docs/commands/hashes.md).
/// </summary>
internal sealed partial class CommandDispatcher
{
    /// <summary>A hash up to this many fields is scanned whole in one HSCAN call (cursor 0), as Redis does for a listpack.</summary>
    internal const int HashScanWhole = 128;

    /// <summary>HRANDFIELD's largest |count| served; beyond it the reply could never be written (Redis would try).</summary>
    private const long RandomFieldLimit = int.MaxValue / 2;

    [Handles(CommandId.HSet, CommandId.HMSet)]
    private CommandOutcome HSet(in CommandContext c)
    {
        // HSET key field value [field value ...]: Redis checks the pairs before it looks at the key.
        if (c.Request.ArgumentCount % 2 == 0)
        {
            ErrorReplies.WrongArity(c.Reply, c.Request);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(c.Request[0]);
        if (!slot.TryGetOrCreate<HashValue>(out var hash))
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        long growth = 0;
        for (var i = 1; i < c.Request.ArgumentCount; i += 2)
        {
            growth += hash.GrowthOf(c.Request[i], c.Request[i + 1].Length);
        }

        if (growth > 0 && !slot.TryReserve(growth))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        long added = 0;
        for (var i = 1; i < c.Request.ArgumentCount; i += 2)
        {
            if (hash.Set(c.Request[i], c.Request[i + 1]))
            {
                added++;
            }
        }

        slot.MarkModified();
        if (c.Request.Command == CommandId.HMSet)
        {
            c.Reply.Ok();
        }
        else
        {
            c.Reply.Integer(added);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.HSetNx)]
    private CommandOutcome HSetNx(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!slot.TryGetOrCreate<HashValue>(out var hash))
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var field = c.Request[1];
        if (hash.Contains(field))
        {
            c.Reply.Integer(0);
            return CommandOutcome.Continue;
        }

        if (!slot.TryReserve(hash.GrowthOf(field, c.Request[2].Length)))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        hash.Set(field, c.Request[2]);
        slot.MarkModified();
        c.Reply.Integer(1);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.HGet)]
    private CommandOutcome HGet(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadHash(c, slot, out var hash))
        {
            return CommandOutcome.Continue;
        }

        var value = hash?.Get(c.Request[1]);
        if (value is null)
        {
            c.Reply.Nil();
        }
        else
        {
            c.Reply.Value(value);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.HMGet)]
    private CommandOutcome HMGet(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadHash(c, slot, out var hash))
        {
            return CommandOutcome.Continue;
        }

        c.Reply.ArrayHeader(c.Request.ArgumentCount - 1);
        for (var i = 1; i < c.Request.ArgumentCount; i++)
        {
            var value = hash?.Get(c.Request[i]);
            if (value is null)
            {
                c.Reply.Nil();
            }
            else
            {
                c.Reply.Value(value);
            }
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.HGetAll)]
    private CommandOutcome HGetAll(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadHash(c, slot, out var hash))
        {
            return CommandOutcome.Continue;
        }

        var count = hash?.Count ?? 0;
        c.Reply.MapHeader(count);
        for (var i = 0; i < count; i++)
        {
            var (field, value) = hash![i];
            c.Reply.Value(field);
            c.Reply.Value(value);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.HKeys, CommandId.HVals)]
    private CommandOutcome HKeys(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadHash(c, slot, out var hash))
        {
            return CommandOutcome.Continue;
        }

        var keys = c.Request.Command == CommandId.HKeys;
        var count = hash?.Count ?? 0;
        c.Reply.ArrayHeader(count);
        for (var i = 0; i < count; i++)
        {
            var (field, value) = hash![i];
            c.Reply.Value(keys ? field : value);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.HDel)]
    private CommandOutcome HDel(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadHash(c, slot, out var hash))
        {
            return CommandOutcome.Continue;
        }

        long removed = 0;
        for (var i = 1; hash is not null && i < c.Request.ArgumentCount; i++)
        {
            if (hash.Remove(c.Request[i]))
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

    [Handles(CommandId.HExists)]
    private CommandOutcome HExists(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadHash(c, slot, out var hash))
        {
            return CommandOutcome.Continue;
        }

        c.Reply.Integer(hash is not null && hash.Contains(c.Request[1]) ? 1 : 0);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.HLen)]
    private CommandOutcome HLen(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadHash(c, slot, out var hash))
        {
            return CommandOutcome.Continue;
        }

        c.Reply.Integer(hash?.Count ?? 0);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.HStrLen)]
    private CommandOutcome HStrLen(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!TryReadHash(c, slot, out var hash))
        {
            return CommandOutcome.Continue;
        }

        c.Reply.Integer(hash?.Get(c.Request[1])?.Length ?? 0);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.HIncrBy)]
    private CommandOutcome HIncrBy(in CommandContext c)
    {
        // As Redis: the increment is judged before the key.
        if (!CommandSyntax.TryParseInt64(c.Request[2], out var increment))
        {
            ErrorReplies.NotAnInteger(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(c.Request[0]);
        if (!slot.TryGetOrCreate<HashValue>(out var hash))
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var field = c.Request[1];
        long current = 0;
        var stored = hash.Get(field);
        if (stored is not null && !CommandSyntax.TryParseInt64(stored, out current))
        {
            c.Reply.Error(c.Format == WireFormat.Line ? "ERR: hash value is not an integer"u8 : "ERR hash value is not an integer"u8);
            return CommandOutcome.Continue;
        }

        if ((increment < 0 && current < long.MinValue - increment) || (increment > 0 && current > long.MaxValue - increment))
        {
            ErrorReplies.Overflow(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var result = current + increment;
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(result, digits, out var length);
        if (!slot.TryReserve(hash.GrowthOf(field, length)))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        hash.Set(field, digits[..length]);
        slot.MarkModified();
        c.Reply.Integer(result);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.HIncrByFloat)]
    private CommandOutcome HIncrByFloat(in CommandContext c)
    {
        if (!ExtendedFloat.TryParse(c.Request[2], out var increment))
        {
            ErrorReplies.NotAFloat(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        if (increment.IsInfinite)
        {
            c.Reply.Error(c.Format == WireFormat.Line ? "ERR: value is NaN or Infinity"u8 : "ERR value is NaN or Infinity"u8);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(c.Request[0]);
        if (!slot.TryGetOrCreate<HashValue>(out var hash))
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var field = c.Request[1];
        var current = ExtendedFloat.Zero;
        var stored = hash.Get(field);
        if (stored is not null && !ExtendedFloat.TryParse(stored, out current))
        {
            c.Reply.Error(c.Format == WireFormat.Line ? "ERR: hash value is not a float"u8 : "ERR hash value is not a float"u8);
            return CommandOutcome.Continue;
        }

        var result = ExtendedFloat.Add(current, increment);
        if (result.IsInfinite)
        {
            c.Reply.Error(c.Format == WireFormat.Line ? "ERR: increment would produce NaN or Infinity"u8 : "ERR increment would produce NaN or Infinity"u8);
            return CommandOutcome.Continue;
        }

        var text = result.Format();
        if (!slot.TryReserve(hash.GrowthOf(field, text.Length)))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        hash.Set(field, text);
        slot.MarkModified();
        c.Reply.Value(text);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.HRandField)]
    private CommandOutcome HRandField(in CommandContext c)
    {
        var args = c.Request.ArgumentCount;
        if (args == 1)
        {
            using var single = store.Open(c.Request[0]);
            if (!TryReadHash(c, single, out var only))
            {
                return CommandOutcome.Continue;
            }

            if (only is null)
            {
                c.Reply.Nil();
            }
            else
            {
                c.Reply.Value(only[Random.Shared.Next(only.Count)].Key);
            }

            return CommandOutcome.Continue;
        }

        // As Redis 7.0: the count, then the words after it, then (WITHVALUES) half the range, then the key.
        if (!CommandSyntax.TryParseInt64(c.Request[1], out var requested))
        {
            ErrorReplies.NotAnInteger(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        if (requested == long.MinValue)
        {
            c.Reply.Error(c.Format == WireFormat.Line
                ? "ERR: value is out of range, value must between -9223372036854775807 and 9223372036854775807"u8
                : "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"u8);
            return CommandOutcome.Continue;
        }

        var withValues = false;
        if (args > 3 || (args == 3 && !System.Text.Ascii.EqualsIgnoreCase(c.Request[2], "withvalues"u8)))
        {
            ErrorReplies.Syntax(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        if (args == 3)
        {
            withValues = true;
            if (requested < -(long.MaxValue / 2) || requested > long.MaxValue / 2)
            {
                OutOfRange(c);
                return CommandOutcome.Continue;
            }
        }

        var unique = requested >= 0;
        var count = Math.Abs(requested);
        using var slot = store.Open(c.Request[0]);
        if (!TryReadHash(c, slot, out var hash))
        {
            return CommandOutcome.Continue;
        }

        if (hash is null || count == 0)
        {
            c.Reply.ArrayHeader(0);
            return CommandOutcome.Continue;
        }

        var size = hash.Count;
        if (unique && count >= size)
        {
            WriteRandomFieldHeader(c, size, withValues);
            for (var i = 0; i < size; i++)
            {
                WriteRandomField(c, hash[i], withValues);
            }

            return CommandOutcome.Continue;
        }

        if (count > RandomFieldLimit)
        {
            OutOfRange(c);
            return CommandOutcome.Continue;
        }

        WriteRandomFieldHeader(c, (int)count, withValues);
        if (!unique)
        {
            for (var i = 0; i < count; i++)
            {
                WriteRandomField(c, hash[Random.Shared.Next(size)], withValues);
            }

            return CommandOutcome.Continue;
        }

        // count < size distinct fields: a partial Fisher–Yates over the positions.
        var positions = new int[size];
        for (var i = 0; i < size; i++)
        {
            positions[i] = i;
        }

        for (var i = 0; i < count; i++)
        {
            var j = Random.Shared.Next(i, size);
            (positions[i], positions[j]) = (positions[j], positions[i]);
            WriteRandomField(c, hash[positions[i]], withValues);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.HScan)]
    private CommandOutcome HScan(in CommandContext c)
    {
        // As Redis 7.0: the cursor is judged first, then the key (missing: an empty scan; WRONGTYPE), then the options.
        if (!ScanCursor.TryParse(c.Request[1], out var cursor))
        {
            c.Reply.Error(c.Format == WireFormat.Line ? "ERR: invalid cursor"u8 : "ERR invalid cursor"u8);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(c.Request[0]);
        if (!TryReadHash(c, slot, out var hash))
        {
            return CommandOutcome.Continue;
        }

        if (hash is null)
        {
            WriteScanReply(c, 0, null, default, hasPattern: false, 0, 0);
            return CommandOutcome.Continue;
        }

        long count = 10;
        var pattern = ReadOnlySpan<byte>.Empty;
        var hasPattern = false;
        for (var i = 2; i < c.Request.ArgumentCount; i += 2)
        {
            var word = c.Request[i];
            var hasValue = i + 1 < c.Request.ArgumentCount;
            if (hasValue && System.Text.Ascii.EqualsIgnoreCase(word, "count"u8))
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
            else if (hasValue && System.Text.Ascii.EqualsIgnoreCase(word, "match"u8))
            {
                pattern = c.Request[i + 1];

                // Redis skips matching for the pattern "*".
                hasPattern = !(pattern.Length == 1 && pattern[0] == '*');
            }
            else
            {
                ErrorReplies.Syntax(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }
        }

        // A small hash goes whole, cursor 0, whatever the cursor (Redis's listpack). A larger one is walked from its last
        // position down: removal moves the last entry into the gap, which is then either already returned or still ahead,
        // so every field present for the whole scan is returned (a moved one may come twice, as SCAN allows).
        var size = hash.Count;
        int top, bottom;
        if (size <= HashScanWhole)
        {
            (top, bottom) = (size, 0);
        }
        else
        {
            top = cursor == 0 || cursor > (ulong)size ? size : (int)cursor;
            bottom = (int)Math.Max(0, top - Math.Min(count, top));
        }

        WriteScanReply(c, (ulong)bottom, hash, pattern, hasPattern, top, bottom);
        return CommandOutcome.Continue;
    }

    /// <summary><c>[next cursor, [field, value, ...]]</c> for the entries from position <paramref name="top"/> − 1 down to <paramref name="bottom"/> that match.</summary>
    private static void WriteScanReply(in CommandContext c, ulong next, HashValue? hash, ReadOnlySpan<byte> pattern, bool hasPattern, int top, int bottom)
    {
        var matching = 0;
        for (var i = top - 1; hash is not null && i >= bottom; i--)
        {
            if (!hasPattern || GlobPattern.IsMatch(pattern, hash[i].Key))
            {
                matching++;
            }
        }

        c.Reply.ArrayHeader(2);
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(next, digits, out var length);
        c.Reply.Value(digits[..length]);
        c.Reply.ArrayHeader(matching * 2);
        for (var i = top - 1; hash is not null && i >= bottom; i--)
        {
            var (field, value) = hash[i];
            if (!hasPattern || GlobPattern.IsMatch(pattern, field))
            {
                c.Reply.Value(field);
                c.Reply.Value(value);
            }
        }
    }

    private static void OutOfRange(in CommandContext c) =>
        c.Reply.Error(c.Format == WireFormat.Line ? "ERR: value is out of range"u8 : "ERR value is out of range"u8);

    private static void WriteRandomFieldHeader(in CommandContext c, int count, bool withValues)
    {
        var nested = withValues && c.Format != WireFormat.Line && c.Reply.RespVersion == 3;
        c.Reply.ArrayHeader(withValues && !nested ? count * 2 : count);
    }

    private static void WriteRandomField(in CommandContext c, KeyValuePair<byte[], byte[]> entry, bool withValues)
    {
        if (withValues && c.Format != WireFormat.Line && c.Reply.RespVersion == 3)
        {
            c.Reply.ArrayHeader(2);
        }

        c.Reply.Value(entry.Key);
        if (withValues)
        {
            c.Reply.Value(entry.Value);
        }
    }

    /// <summary>The key's hash (null when absent); false after replying WRONGTYPE.</summary>
    private static bool TryReadHash(in CommandContext c, in KeySlot slot, out HashValue? hash)
    {
        hash = null;
        if (!slot.Exists)
        {
            return true;
        }

        hash = slot.Collection<HashValue>();
        if (hash is null)
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return false;
        }

        return true;
    }
}
