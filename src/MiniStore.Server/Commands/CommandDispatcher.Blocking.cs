using MiniStore.Protocol;
using MiniStore.Server.Blocking;

namespace MiniStore.Server.Commands;

/// <summary>
/// The blocking pops (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP) and the multi-key pops
/// LMPOP and ZMPOP, with Redis 7.0's replies. A pop that finds nothing leaves the client in its keys' wait lists
/// (<see cref="BlockingRegistry"/>) and suspends the connection (no thread, no polling) until a push serves it, the
/// timeout passes (the server's <see cref="TimeProvider"/>), CLIENT UNBLOCK, or the connection closes. Inside MULTI
/// they never wait, as in Redis.
/// </summary>
internal sealed partial class CommandDispatcher
{
    [Handles(CommandId.BLPop)]
    private CommandOutcome BLPop(in CommandContext c) => BlockingKeysPop(c, PopShape.KeyAndElement, fromFront: true);

    [Handles(CommandId.BRPop)]
    private CommandOutcome BRPop(in CommandContext c) => BlockingKeysPop(c, PopShape.KeyAndElement, fromFront: false);

    [Handles(CommandId.BZPopMin)]
    private CommandOutcome BZPopMin(in CommandContext c) => BlockingKeysPop(c, PopShape.KeyMemberScore, fromFront: true);

    [Handles(CommandId.BZPopMax)]
    private CommandOutcome BZPopMax(in CommandContext c) => BlockingKeysPop(c, PopShape.KeyMemberScore, fromFront: false);

    [Handles(CommandId.BLMove)]
    private CommandOutcome BLMove(in CommandContext c)
    {
        var request = c.Request;
        if (!TryParseEnd(request[2], out var fromFront) || !TryParseEnd(request[3], out var toFront))
        {
            ErrorReplies.Syntax(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        if (!TryParseTimeout(c, request[4], out var timeoutMs))
        {
            return CommandOutcome.Continue;
        }

        return PopOrBlock(c, new PopSpec(PopShape.Element, [request[0].ToArray()], fromFront, 1, request[1].ToArray(), toFront), timeoutMs);
    }

    [Handles(CommandId.BRPopLPush)]
    private CommandOutcome BRPopLPush(in CommandContext c)
    {
        var request = c.Request;
        if (!TryParseTimeout(c, request[2], out var timeoutMs))
        {
            return CommandOutcome.Continue;
        }

        return PopOrBlock(c, new PopSpec(PopShape.Element, [request[0].ToArray()], fromFront: false, 1, request[1].ToArray(), toFront: true), timeoutMs);
    }

    [Handles(CommandId.LMPop)]
    private CommandOutcome LMPop(in CommandContext c) =>
        TryParseMPop(c, 0, sortedSet: false, out var spec) ? PopOrBlock(c, spec, timeoutMs: -1) : CommandOutcome.Continue;

    [Handles(CommandId.ZMPop)]
    private CommandOutcome ZMPop(in CommandContext c) =>
        TryParseMPop(c, 0, sortedSet: true, out var spec) ? PopOrBlock(c, spec, timeoutMs: -1) : CommandOutcome.Continue;

    [Handles(CommandId.BLMPop)]
    private CommandOutcome BLMPop(in CommandContext c) =>
        TryParseMPop(c, 1, sortedSet: false, out var spec) && TryParseTimeout(c, c.Request[0], out var timeoutMs)
            ? PopOrBlock(c, spec, timeoutMs)
            : CommandOutcome.Continue;

    [Handles(CommandId.BZMPop)]
    private CommandOutcome BZMPop(in CommandContext c) =>
        TryParseMPop(c, 1, sortedSet: true, out var spec) && TryParseTimeout(c, c.Request[0], out var timeoutMs)
            ? PopOrBlock(c, spec, timeoutMs)
            : CommandOutcome.Continue;

    /// <summary>BLPOP, BRPOP, BZPOPMIN, BZPOPMAX: <c>key [key ...] timeout</c>.</summary>
    private CommandOutcome BlockingKeysPop(in CommandContext c, PopShape shape, bool fromFront)
    {
        var request = c.Request;
        if (!TryParseTimeout(c, request[request.ArgumentCount - 1], out var timeoutMs))
        {
            return CommandOutcome.Continue;
        }

        var keys = new byte[request.ArgumentCount - 1][];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = request[i].ToArray();
        }

        return PopOrBlock(c, new PopSpec(shape, keys, fromFront, 1), timeoutMs);
    }

    /// <summary>
    /// Pops from the first key that has something, in the order given; otherwise waits (<paramref name="timeoutMs"/>
    /// 0: for ever; negative: never, LMPOP/ZMPOP). Checking and joining the wait lists happen under the keys' shard
    /// locks, so a push cannot slip in between unseen.
    /// </summary>
    private CommandOutcome PopOrBlock(in CommandContext c, PopSpec spec, long timeoutMs)
    {
        var keys = spec.Keys;
        var shards = new int[keys.Length + (spec.Destination is null ? 0 : 1)];
        for (var i = 0; i < keys.Length; i++)
        {
            shards[i] = store.ShardIndexOf(keys[i]);
        }

        if (spec.Destination is { } destination)
        {
            shards[^1] = store.ShardIndexOf(destination);
        }

        BlockedPop waiter;
        using (store.LockShards(shards))
        {
            foreach (var key in keys)
            {
                switch (spec.Check(store, key))
                {
                    case PopStatus.Empty:
                        continue;
                    case PopStatus.Popped:
                        if (spec.Pop(store, key, out var result) == PopStatus.Popped)
                        {
                            spec.WriteResult(c.Reply, result!);
                        }
                        else
                        {
                            ErrorReplies.OutOfMemory(c.Reply, c.Format);
                        }

                        return CommandOutcome.Continue;
                    default:
                        ErrorReplies.WrongType(c.Reply, c.Format);
                        return CommandOutcome.Continue;
                }
            }

            if (timeoutMs < 0 || c.Session.IsExecuting)
            {
                // Nothing to pop and no waiting: LMPOP/ZMPOP, or a blocking pop inside MULTI (Redis answers as a timeout,
                // but BLMOVE/BRPOPLPUSH with a null bulk there).
                if (spec.Shape == PopShape.Element && c.Session.IsExecuting)
                {
                    c.Reply.Nil();
                }
                else
                {
                    c.Reply.NilArray();
                }

                return CommandOutcome.Continue;
            }

            waiter = new BlockedPop(spec, c.Session, c.Format, blocking);
            blocking.Add(waiter);
        }

        waiter.StartTimer(metrics.Time, timeoutMs);
        c.Session.Suspension = waiter;
        return CommandOutcome.Suspend;
    }

    /// <summary>
    /// LMPOP/BLMPOP/ZMPOP/BZMPOP's <c>numkeys key [key ...] LEFT|RIGHT|MIN|MAX [COUNT count]</c>, from argument
    /// <paramref name="at"/>, with Redis 7.0's checks in its order.
    /// </summary>
    private static bool TryParseMPop(in CommandContext c, int at, bool sortedSet, out PopSpec spec)
    {
        spec = null!;
        var request = c.Request;
        if (!CommandSyntax.TryParseInt64(request[at], out var numKeys) || numKeys < 1)
        {
            PopError(c, "numkeys should be greater than 0"u8);
            return false;
        }

        var whereAt = at + 1 + numKeys;
        if (whereAt >= request.ArgumentCount)
        {
            ErrorReplies.Syntax(c.Reply, c.Format);
            return false;
        }

        var where = request[(int)whereAt];
        bool fromFront;
        if (sortedSet ? IsWord(where, "MIN"u8) || IsWord(where, "MAX"u8) : TryParseEnd(where, out _))
        {
            fromFront = sortedSet ? IsWord(where, "MIN"u8) : IsWord(where, "LEFT"u8);
        }
        else
        {
            ErrorReplies.Syntax(c.Reply, c.Format);
            return false;
        }

        long count = -1;
        for (var i = (int)whereAt + 1; i < request.ArgumentCount; i++)
        {
            if (count == -1 && IsWord(request[i], "COUNT"u8) && i + 1 < request.ArgumentCount)
            {
                i++;
                if (!CommandSyntax.TryParseInt64(request[i], out count) || count < 1)
                {
                    PopError(c, "count should be greater than 0"u8);
                    return false;
                }
            }
            else
            {
                ErrorReplies.Syntax(c.Reply, c.Format);
                return false;
            }
        }

        var keys = new byte[numKeys][];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = request[at + 1 + i].ToArray();
        }

        var shape = sortedSet ? PopShape.KeyAndScored : PopShape.KeyAndElements;
        spec = new PopSpec(shape, keys, fromFront, (int)Math.Min(count == -1 ? 1 : count, int.MaxValue));
        return true;
    }

    /// <summary>
    /// A timeout in seconds as Redis 7.0 reads it: a long double (fractions, exponents, hex), times 1000 and truncated to
    /// milliseconds; what does not fit a 64-bit integer comes out negative there (x86), and so is "negative" here.
    /// </summary>
    private static bool TryParseTimeout(in CommandContext c, ReadOnlySpan<byte> text, out long timeoutMs)
    {
        timeoutMs = 0;
        if (!ExtendedFloat.TryParse(text, out var value))
        {
            PopError(c, "timeout is not a float or out of range"u8);
            return false;
        }

        var magnitude = value.IsInfinite ? double.PositiveInfinity : Math.ScaleB((double)value.Significand, value.Exponent);
        var ms = (value.Negative ? -magnitude : magnitude) * 1000.0;
        if (!(ms > -9.2233720368547758E18 && ms < 9.2233720368547758E18) || (long)ms < 0)
        {
            PopError(c, "timeout is negative"u8);
            return false;
        }

        timeoutMs = (long)ms;
        return true;
    }

    /// <summary>An error of these commands: RESP <c>ERR message</c>, line <c>ERR: message</c>.</summary>
    private static void PopError(in CommandContext c, ReadOnlySpan<byte> message) =>
        c.Reply.Error(c.Format == WireFormat.Line ? "ERR: "u8 : "ERR "u8, message, default);
}
