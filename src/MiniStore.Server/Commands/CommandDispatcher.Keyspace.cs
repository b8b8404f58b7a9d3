using System.Buffers.Text;
using System.Text;
using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>
/// Keyspace commands beyond the seed's: the EXPIRE family, EXPIRETIME, PERSIST, TYPE, TOUCH, RANDOMKEY, KEYS, SCAN,
/// RENAME, RENAMENX and COPY, with Redis 7.0's semantics and error texts (docs/commands/keyspace.md).
/// </summary>
internal sealed partial class CommandDispatcher
{
    [Flags]
    private enum ExpireFlags : byte
    {
        None = 0,
        Nx = 1,
        Xx = 2,
        Gt = 4,
        Lt = 8,
    }

    /// <summary>
    /// EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT key number [NX|XX|GT|LT ...], in Redis 7.0's order: the options
    /// (unknown word, then incompatible pairs), then the number (not an integer, then overflow), then the key.
    /// A time already past deletes the key and replies 1.
    /// </summary>
    [Handles(CommandId.Expire, CommandId.PExpire, CommandId.ExpireAt, CommandId.PExpireAt)]
    private CommandOutcome Expire(in CommandContext c)
    {
        var request = c.Request;
        if (!TryParseExpireFlags(c, out var flags))
        {
            return CommandOutcome.Continue;
        }

        if (!CommandSyntax.TryParseInt64(request[1], out var when))
        {
            ErrorReplies.NotAnInteger(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var seconds = request.Command is CommandId.Expire or CommandId.ExpireAt;
        var relative = request.Command is CommandId.Expire or CommandId.PExpire;
        if (seconds)
        {
            if (when > long.MaxValue / 1000 || when < long.MinValue / 1000)
            {
                ErrorReplies.InvalidExpireTime(c.Reply, request);
                return CommandOutcome.Continue;
            }

            when *= 1000;
        }

        // Redis adds the base time (the Unix time now, or 0 for the *AT forms) and refuses an overflow.
        var nowUnix = UnixNowMs();
        var ttlMs = when;
        if (relative)
        {
            if (when > long.MaxValue - nowUnix)
            {
                ErrorReplies.InvalidExpireTime(c.Reply, request);
                return CommandOutcome.Continue;
            }

            when += nowUnix;
        }

        using var slot = store.Open(request[0]);
        if (!slot.Exists)
        {
            c.Reply.Integer(0);
            return CommandOutcome.Continue;
        }

        if (!ExpireConditionHolds(flags, slot.HasDeadline ? UnixTimeOf(slot.DeadlineMs) : -1, when))
        {
            c.Reply.Integer(0);
            return CommandOutcome.Continue;
        }

        if (when <= nowUnix)
        {
            slot.Delete();
        }
        else
        {
            slot.SetDeadline(relative ? DeadlineAfter(ttlMs) : store.DeadlineAt(when));
        }

        c.Reply.Integer(1);
        return CommandOutcome.Continue;
    }

    /// <summary>EXPIRETIME / PEXPIRETIME key: the Unix time of the deadline (seconds rounded as Redis does), -1 without one, -2 without the key.</summary>
    [Handles(CommandId.ExpireTime, CommandId.PExpireTime)]
    private CommandOutcome ExpireTime(in CommandContext c)
    {
        long reply;
        using (var slot = store.Open(c.Request[0]))
        {
            if (!slot.Exists)
            {
                reply = -2;
            }
            else if (!slot.HasDeadline)
            {
                reply = -1;
            }
            else
            {
                var unixMs = UnixTimeOf(slot.DeadlineMs);
                reply = c.Request.Command == CommandId.PExpireTime ? unixMs : (unixMs / 1000) + (unixMs % 1000 >= 500 ? 1 : 0);
            }
        }

        c.Reply.Integer(reply);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Persist)]
    private CommandOutcome Persist(in CommandContext c)
    {
        using var slot = store.Open(c.Request[0]);
        if (!slot.HasDeadline)
        {
            c.Reply.Integer(0);
            return CommandOutcome.Continue;
        }

        slot.SetDeadline(KeyStore.NoDeadline);
        c.Reply.Integer(1);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Type)]
    private CommandOutcome Type(in CommandContext c)
    {
        c.Reply.Status(TypeName(store.TypeOf(c.Request[0])));
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Touch)]
    private CommandOutcome Touch(in CommandContext c)
    {
        long touched = 0;
        for (var i = 0; i < c.Request.ArgumentCount; i++)
        {
            using var slot = store.Open(c.Request[i]);
            if (slot.Exists)
            {
                slot.Touch();
                touched++;
            }
        }

        c.Reply.Integer(touched);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.RandomKey)]
    private CommandOutcome RandomKey(in CommandContext c)
    {
        var key = store.RandomKey();
        if (key is null)
        {
            c.Reply.Nil();
        }
        else
        {
            c.Reply.Value(key);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Keys)]
    private CommandOutcome Keys(in CommandContext c)
    {
        var pattern = c.Request[0];
        var all = pattern.SequenceEqual("*"u8);
        var keys = new List<byte[]>();
        foreach (var key in store.LiveKeys())
        {
            if (all || GlobPattern.IsMatch(pattern, key))
            {
                keys.Add(key);
            }
        }

        WriteKeys(c.Reply, keys);
        return CommandOutcome.Continue;
    }

    /// <summary>
    /// SCAN cursor [MATCH pattern] [COUNT n] [TYPE type]: the cursor as Redis's strtoul reads it (sign, leading zeros
    /// and the empty string accepted, a leading blank or any trailing byte refused); COUNT below 1 is a syntax error;
    /// TYPE compares names case-insensitively (an unknown type matches nothing).
    /// </summary>
    [Handles(CommandId.Scan)]
    private CommandOutcome Scan(in CommandContext c)
    {
        var request = c.Request;
        if (!ScanCursor.TryParse(request[0], out var cursor))
        {
            c.Reply.Error(c.Format == WireFormat.Line ? "ERR: invalid cursor"u8 : "ERR invalid cursor"u8);
            return CommandOutcome.Continue;
        }

        long count = 10;
        byte[]? pattern = null;
        byte[]? type = null;
        for (var i = 1; i < request.ArgumentCount; i++)
        {
            var word = request[i];
            var hasValue = i + 1 < request.ArgumentCount;
            if (hasValue && Ascii.EqualsIgnoreCase(word, "count"u8))
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
            else if (hasValue && Ascii.EqualsIgnoreCase(word, "match"u8))
            {
                var p = request[i + 1];
                pattern = p.SequenceEqual("*"u8) ? null : p.ToArray();
            }
            else if (hasValue && Ascii.EqualsIgnoreCase(word, "type"u8))
            {
                type = request[i + 1].ToArray();
            }
            else
            {
                ErrorReplies.Syntax(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }

            i++;
        }

        var found = new List<byte[]>();
        var next = store.Scan(cursor, (int)Math.Min(count, int.MaxValue), found);
        var keys = new List<byte[]>(found.Count);
        foreach (var key in found)
        {
            if (pattern is not null && !GlobPattern.IsMatch(pattern, key))
            {
                continue;
            }

            if (type is not null)
            {
                var kind = store.TypeOf(key);
                if (kind == ValueKind.None || !Ascii.EqualsIgnoreCase(type, TypeName(kind)))
                {
                    continue;
                }
            }

            keys.Add(key);
        }

        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(next, digits, out var written);
        c.Reply.ArrayHeader(2);
        c.Reply.Value(digits[..written]);
        WriteKeys(c.Reply, keys);
        return CommandOutcome.Continue;
    }

    /// <summary>RENAME / RENAMENX source destination: keeps the deadline; the destination is replaced whatever its type.</summary>
    [Handles(CommandId.Rename, CommandId.RenameNx)]
    private CommandOutcome Rename(in CommandContext c)
    {
        var request = c.Request;
        var nx = request.Command == CommandId.RenameNx;
        var source = request[0];
        var destination = request[1];
        using var locks = store.LockKeys(source, destination);
        using var from = store.Open(source);
        if (!from.Exists)
        {
            ErrorReplies.NoSuchKey(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        if (source.SequenceEqual(destination))
        {
            WriteRenamed(c, nx, renamed: !nx);
            return CommandOutcome.Continue;
        }

        // Not a using variable: MoveTo takes it by reference.
        var to = store.Open(destination);
        try
        {
            if (nx && to.Exists)
            {
                WriteRenamed(c, nx, renamed: false);
                return CommandOutcome.Continue;
            }

            // The value moves with its deadline, not copied.
            from.MoveTo(ref to);
        }
        finally
        {
            to.Dispose();
        }

        WriteRenamed(c, nx, renamed: true);
        return CommandOutcome.Continue;
    }

    /// <summary>
    /// COPY source destination [DB index] [REPLACE]. Only database 0 exists, so any other index is
    /// <c>ERR DB index is out of range</c> (what redis-server says for an index past its <c>databases</c>).
    /// </summary>
    [Handles(CommandId.Copy)]
    private CommandOutcome Copy(in CommandContext c)
    {
        var request = c.Request;
        var replace = false;
        for (var i = 2; i < request.ArgumentCount; i++)
        {
            var word = request[i];
            if (Ascii.EqualsIgnoreCase(word, "replace"u8))
            {
                replace = true;
            }
            else if (Ascii.EqualsIgnoreCase(word, "db"u8) && i + 1 < request.ArgumentCount)
            {
                if (!CommandSyntax.TryParseInt64(request[i + 1], out var db))
                {
                    ErrorReplies.NotAnInteger(c.Reply, c.Format);
                    return CommandOutcome.Continue;
                }

                if (db != 0)
                {
                    c.Reply.Error(c.Format == WireFormat.Line ? "ERR: DB index is out of range"u8 : "ERR DB index is out of range"u8);
                    return CommandOutcome.Continue;
                }

                i++;
            }
            else
            {
                ErrorReplies.Syntax(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }
        }

        var source = request[0];
        var destination = request[1];
        if (source.SequenceEqual(destination))
        {
            c.Reply.Error(c.Format == WireFormat.Line ? "ERR: source and destination objects are the same"u8 : "ERR source and destination objects are the same"u8);
            return CommandOutcome.Continue;
        }

        using var locks = store.LockKeys(source, destination);
        using var from = store.Open(source);
        if (!from.Exists)
        {
            c.Reply.Integer(0);
            return CommandOutcome.Continue;
        }

        using var to = store.Open(destination);
        if (to.Exists && !replace)
        {
            c.Reply.Integer(0);
            return CommandOutcome.Continue;
        }

        if (!to.TryReserve(Math.Max(0, from.ValueBytes - to.ValueBytes)))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var deadline = from.HasDeadline ? from.DeadlineMs : KeyStore.NoDeadline;
        if (from.StringValue is { } text)
        {
            to.SetString(text.Span, deadline);
        }
        else
        {
            to.SetValue(from.Collection<CollectionValue>()!.Clone(), deadline);
        }
        c.Reply.Integer(1);
        return CommandOutcome.Continue;
    }

    private static ReadOnlySpan<byte> TypeName(ValueKind kind) => kind switch
    {
        ValueKind.String => "string"u8,
        ValueKind.Hash => "hash"u8,
        ValueKind.List => "list"u8,
        ValueKind.Set => "set"u8,
        ValueKind.SortedSet => "zset"u8,
        _ => "none"u8,
    };

    private static void WriteKeys(ReplyWriter reply, List<byte[]> keys)
    {
        reply.ArrayHeader(keys.Count);
        foreach (var key in keys)
        {
            reply.Value(key);
        }
    }

    private static void WriteRenamed(in CommandContext c, bool nx, bool renamed)
    {
        if (nx)
        {
            c.Reply.Integer(renamed ? 1 : 0);
        }
        else
        {
            c.Reply.Ok();
        }
    }

    /// <summary>Redis's <c>parseExtendedExpireArgumentsOrReply</c>: any unknown word first, then NX with another, then GT with LT.</summary>
    private static bool TryParseExpireFlags(in CommandContext c, out ExpireFlags flags)
    {
        flags = ExpireFlags.None;
        var request = c.Request;
        for (var i = 2; i < request.ArgumentCount; i++)
        {
            var word = request[i];
            if (Ascii.EqualsIgnoreCase(word, "nx"u8))
            {
                flags |= ExpireFlags.Nx;
            }
            else if (Ascii.EqualsIgnoreCase(word, "xx"u8))
            {
                flags |= ExpireFlags.Xx;
            }
            else if (Ascii.EqualsIgnoreCase(word, "gt"u8))
            {
                flags |= ExpireFlags.Gt;
            }
            else if (Ascii.EqualsIgnoreCase(word, "lt"u8))
            {
                flags |= ExpireFlags.Lt;
            }
            else
            {
                c.Reply.Error(c.Format == WireFormat.Line ? "ERR: unsupported option "u8 : "ERR Unsupported option "u8, word, default);
                return false;
            }
        }

        if ((flags & ExpireFlags.Nx) != 0 && (flags & (ExpireFlags.Xx | ExpireFlags.Gt | ExpireFlags.Lt)) != 0)
        {
            c.Reply.Error(c.Format == WireFormat.Line
                ? "ERR: NX and XX, GT or LT options at the same time are not compatible"u8
                : "ERR NX and XX, GT or LT options at the same time are not compatible"u8);
            return false;
        }

        if ((flags & (ExpireFlags.Gt | ExpireFlags.Lt)) == (ExpireFlags.Gt | ExpireFlags.Lt))
        {
            c.Reply.Error(c.Format == WireFormat.Line
                ? "ERR: GT and LT options at the same time are not compatible"u8
                : "ERR GT and LT options at the same time are not compatible"u8);
            return false;
        }

        return true;
    }

    /// <summary>
    /// NX: no deadline yet; XX: one already; GT: later than the current one (none counts as infinite, so GT fails);
    /// LT: earlier (none passes). Times are Unix milliseconds (<paramref name="current"/> -1 for none), and two within
    /// 1 ms count as the same: MiniStore keeps monotonic deadlines, and reading one back as Unix time may be 1 ms off.
    /// </summary>
    private static bool ExpireConditionHolds(ExpireFlags flags, long current, long when)
    {
        var hasDeadline = current != -1;
        var later = hasDeadline && when > current && when - current > 1;
        var earlier = hasDeadline && when < current - 1;
        return !((flags & ExpireFlags.Nx) != 0 && hasDeadline)
            && !((flags & ExpireFlags.Xx) != 0 && !hasDeadline)
            && !((flags & ExpireFlags.Gt) != 0 && !later)
            && !((flags & ExpireFlags.Lt) != 0 && hasDeadline && !earlier);
    }

    /// <summary>The monotonic deadline <paramref name="ttlMs"/> (positive) from now, saturating short of <see cref="KeyStore.NoDeadline"/>.</summary>
    private long DeadlineAfter(long ttlMs)
    {
        var now = store.NowMs;
        return ttlMs >= KeyStore.NoDeadline - now ? KeyStore.NoDeadline - 1 : now + ttlMs;
    }

    private long UnixNowMs() => store.UnixMsOf(store.NowMs);

    /// <summary>The Unix time in milliseconds of a monotonic deadline, saturating at <see cref="long.MaxValue"/> (PEXPIREAT's largest).</summary>
    private long UnixTimeOf(long deadlineMs)
    {
        var nowUnix = UnixNowMs();
        var left = deadlineMs - store.NowMs;
        return left >= long.MaxValue - nowUnix ? long.MaxValue : nowUnix + left;
    }
}
