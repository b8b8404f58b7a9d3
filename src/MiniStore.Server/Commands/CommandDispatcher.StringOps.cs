using System.Buffers.Text;
using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>
/// String commands beyond the seed's: INCR, DECR, INCRBY, DECRBY, INCRBYFLOAT, MGET, MSET, MSETNX, APPEND, STRLEN,
/// GETDEL, GETSET, GETRANGE/SUBSTR, SETRANGE, with Redis 7.0's replies and error texts.
/// </summary>
internal sealed partial class CommandDispatcher
{
    /// <summary>Up to this many keys a multi-key command locks just their shards; more lock every shard.</summary>
    private const int MaxListedShards = 64;

    [Handles(CommandId.Incr, CommandId.Decr, CommandId.IncrBy, CommandId.DecrBy)]
    private CommandOutcome IncrementBy(in CommandContext c)
    {
        var request = c.Request;
        long delta;
        switch (request.Command)
        {
            case CommandId.Incr:
                delta = 1;
                break;
            case CommandId.Decr:
                delta = -1;
                break;
            default:
                if (!CommandSyntax.TryParseInt64(request[1], out delta))
                {
                    ErrorReplies.NotAnInteger(c.Reply, c.Format);
                    return CommandOutcome.Continue;
                }

                if (request.Command == CommandId.DecrBy)
                {
                    if (delta == long.MinValue)
                    {
                        StringErrors.DecrementOverflow(c.Reply, c.Format);
                        return CommandOutcome.Continue;
                    }

                    delta = -delta;
                }

                break;
        }

        var key = request[0];
        using var slot = store.Open(key);
        long current = 0;
        var old = slot.StringValue;
        if (slot.Exists)
        {
            if (old is null)
            {
                ErrorReplies.WrongType(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }

            if (!CommandSyntax.TryParseInt64(old.Value.Span, out current))
            {
                ErrorReplies.NotAnInteger(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }
        }

        if ((delta < 0 && current < 0 && delta < long.MinValue - current) || (delta > 0 && current > 0 && delta > long.MaxValue - current))
        {
            ErrorReplies.Overflow(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var result = current + delta;
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(result, digits, out var length);
        var growth = old is { } before ? length - before.Length : KeyStore.SizeOfNewString(key.Length, length);
        if (!slot.TryReserve(growth))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        slot.SetString(digits[..length], old is null ? KeyStore.NoDeadline : slot.DeadlineMs);
        c.Reply.Integer(result);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.IncrByFloat)]
    private CommandOutcome IncrByFloat(in CommandContext c)
    {
        var key = c.Request[0];
        using var slot = store.Open(key);
        var old = slot.StringValue;
        if (slot.Exists && old is null)
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var current = ExtendedFloat.Zero;
        if ((old is { } oldText && !ExtendedFloat.TryParse(oldText.Span, out current)) || !ExtendedFloat.TryParse(c.Request[1], out var increment))
        {
            ErrorReplies.NotAFloat(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var sum = ExtendedFloat.Add(current, increment);
        if (sum.IsInfinite)
        {
            StringErrors.NaNOrInfinity(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var text = sum.Format();
        var growth = old is { } before ? text.Length - before.Length : KeyStore.SizeOfNewString(key.Length, text.Length);
        if (!slot.TryReserve(growth))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        slot.SetString(text, old is null ? KeyStore.NoDeadline : slot.DeadlineMs);
        c.Reply.Value(text);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.MGet)]
    private CommandOutcome MGet(in CommandContext c)
    {
        var request = c.Request;
        var count = request.ArgumentCount;
        c.Reply.ArrayHeader(count);
        if (count == 1)
        {
            MGetOne(c, request[0]);
            return CommandOutcome.Continue;
        }

        // Under the keys' shard locks, so the values are one moment's (no MSET seen half done).
        Span<int> shards = stackalloc int[Math.Min(count, MaxListedShards)];
        using var scope = LockShardsOf(request, 0, 1, shards);
        for (var i = 0; i < count; i++)
        {
            MGetOne(c, request[i]);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.MSet, CommandId.MSetNx)]
    private CommandOutcome MSet(in CommandContext c)
    {
        var request = c.Request;
        var count = request.ArgumentCount;
        if (count % 2 != 0)
        {
            ErrorReplies.WrongArity(c.Reply, request);
            return CommandOutcome.Continue;
        }

        var onlyIfNone = request.Command == CommandId.MSetNx;
        Span<int> shards = stackalloc int[Math.Min(count / 2, MaxListedShards)];
        using var scope = LockShardsOf(request, 0, 2, shards);
        if (onlyIfNone)
        {
            for (var i = 0; i < count; i += 2)
            {
                using var slot = store.Open(request[i]);
                if (slot.Exists)
                {
                    c.Reply.Integer(0);
                    return CommandOutcome.Continue;
                }
            }
        }

        for (var i = 0; i < count; i += 2)
        {
            if (store.Set(request[i], request[i + 1], SetOptions.Plain).Status == SetStatus.OutOfMemory)
            {
                ErrorReplies.OutOfMemory(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }
        }

        if (onlyIfNone)
        {
            c.Reply.Integer(1);
        }
        else
        {
            c.Reply.Ok();
        }

        return CommandOutcome.Continue;
    }

    /// <summary>APPEND and SETRANGE, as Redis's <c>checkStringLength</c>: no string grows past <c>proto-max-bulk-len</c>.</summary>
    [Handles(CommandId.Append)]
    private CommandOutcome Append(in CommandContext c)
    {
        var key = c.Request[0];
        var tail = c.Request[1];
        using var slot = store.Open(key);
        var old = slot.StringValue;
        if (slot.Exists && old is null)
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var oldLength = old?.Length ?? 0;
        if (oldLength + (long)tail.Length > config.ProtoMaxBulkLen)
        {
            StringErrors.TooLong(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        if (!slot.TryReserve(old is null ? KeyStore.SizeOfNewString(key.Length, tail.Length) : tail.Length))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        // Stored bytes are never written to (lock-free readers may hold them): the result is a new string, filled in place.
        var value = slot.SetNewString(oldLength + tail.Length, old is null ? KeyStore.NoDeadline : slot.DeadlineMs);
        old?.Span.CopyTo(value);
        tail.CopyTo(value[oldLength..]);
        c.Reply.Integer(value.Length);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.StrLen)]
    private CommandOutcome StrLen(in CommandContext c)
    {
        if (store.GetString(c.Request[0], out var value) is not (ValueKind.None or ValueKind.String))
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        c.Reply.Integer(value?.Length ?? 0);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.GetDel)]
    private CommandOutcome GetDel(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        var value = slot.StringValue;
        if (slot.Exists && value is null)
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        CountLookup(c.Session, value);
        WriteValueOrNil(c.Reply, value);
        slot.Delete();
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.GetSet)]
    private CommandOutcome GetSet(in CommandContext c)
    {
        var result = store.Set(c.Request[0], c.Request[1], new SetOptions(ReturnOld: true));
        if (result.Status == SetStatus.Written)
        {
            CountLookup(c.Session, result.OldValue);
        }

        WriteSetResult(c.Reply, c.Request, result, returnOld: true);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.GetRange, CommandId.Substr)]
    private CommandOutcome GetRange(in CommandContext c)
    {
        var request = c.Request;
        if (!CommandSyntax.TryParseInt64(request[1], out var start) || !CommandSyntax.TryParseInt64(request[2], out var end))
        {
            ErrorReplies.NotAnInteger(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var kind = store.GetString(request[0], out var value);
        if (kind is not (ValueKind.None or ValueKind.String))
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        CountLookup(c.Session, value);
        long length = value?.Length ?? 0;

        // Redis's getrangeCommand, step by step (an end past the string is cut to its last byte).
        if (start < 0 && end < 0 && start > end)
        {
            c.Reply.Value(default);
            return CommandOutcome.Continue;
        }

        if (start < 0)
        {
            start = unchecked(length + start);
        }

        if (end < 0)
        {
            end = unchecked(length + end);
        }

        start = Math.Max(start, 0);
        end = Math.Max(end, 0);
        if ((ulong)end >= (ulong)length)
        {
            end = length - 1;
        }

        if (start > end || length == 0)
        {
            c.Reply.Value(default);
        }
        else
        {
            c.Reply.Value(value!.Value.Span.Slice((int)start, (int)(end - start + 1)));
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.SetRange)]
    private CommandOutcome SetRange(in CommandContext c)
    {
        var request = c.Request;
        var key = request[0];
        var patch = request[2];
        if (!CommandSyntax.TryParseInt64(request[1], out var offset))
        {
            ErrorReplies.NotAnInteger(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        if (offset < 0)
        {
            StringErrors.OffsetOutOfRange(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(key);
        var old = slot.StringValue;
        if (slot.Exists && old is null)
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var oldLength = old?.Length ?? 0;
        if (patch.IsEmpty)
        {
            // Nothing to write: a missing key stays missing.
            c.Reply.Integer(oldLength);
            return CommandOutcome.Continue;
        }

        if (offset > config.ProtoMaxBulkLen - (long)patch.Length)
        {
            StringErrors.TooLong(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var length = (int)Math.Max(offset + patch.Length, oldLength);
        var growth = old is null ? KeyStore.SizeOfNewString(key.Length, length) : length - oldLength;
        if (!slot.TryReserve(growth))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        // Stored bytes are never written to (lock-free readers may hold them): the result is a new string, zero-padded.
        var deadline = old is null ? KeyStore.NoDeadline : slot.DeadlineMs;
        var value = slot.SetNewString(length, deadline);
        value.Clear();
        old?.Span.CopyTo(value);
        patch.CopyTo(value[(int)offset..]);
        c.Reply.Integer(length);
        return CommandOutcome.Continue;
    }

    /// <summary>One MGET element: the string, or nil for a missing key or one of another type (a hit, as Redis counts it).</summary>
    private void MGetOne(in CommandContext c, ReadOnlySpan<byte> key)
    {
        if (store.GetString(key, out var value) == ValueKind.None)
        {
            c.Session.Counters.Misses++;
        }
        else
        {
            c.Session.Counters.Hits++;
        }

        WriteValueOrNil(c.Reply, value);
    }

    /// <summary>Locks the shards of the request's keys (arguments first, first + step, ...); every shard when there are many.</summary>
    private ShardLockScope LockShardsOf(in Request request, int first, int step, Span<int> shards)
    {
        var keys = (request.ArgumentCount - first + step - 1) / step;
        if (keys > shards.Length)
        {
            return store.LockAll();
        }

        for (var i = 0; i < keys; i++)
        {
            shards[i] = store.ShardIndexOf(request[first + (i * step)]);
        }

        return store.LockShards(shards[..keys]);
    }
}
