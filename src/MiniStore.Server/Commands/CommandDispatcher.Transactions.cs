using MiniStore.Core;
using MiniStore.Protocol;
using MiniStore.Server.Transactions;

namespace MiniStore.Server.Commands;

/// <summary>
/// MULTI, EXEC, DISCARD, WATCH, UNWATCH, with Redis 7.0's replies. EXEC runs the queue holding the shard locks of every
/// key the queued commands name (by the command table's key positions) and of every watched key, taken in shard order,
/// so no other client's command on those keys interleaves and no watched key can change between the check and the run.
/// A queued command whose keys the table cannot give (movable keys) or that reads or writes the whole keyspace
/// (FLUSHALL, KEYS, SCAN, DBSIZE...) makes EXEC lock every shard instead.
/// </summary>
internal sealed partial class CommandDispatcher
{
    [Handles(CommandId.Multi)]
    private static CommandOutcome Multi(in CommandContext c)
    {
        var transaction = c.Session.Transaction ??= new TransactionState();
        if (transaction.InMulti)
        {
            TransactionError(c, "MULTI calls can not be nested"u8);
            return CommandOutcome.Continue;
        }

        transaction.Begin();
        c.Reply.Ok();
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Discard)]
    private CommandOutcome Discard(in CommandContext c)
    {
        if (c.Session.Transaction is not { InMulti: true } transaction)
        {
            TransactionError(c, "DISCARD without MULTI"u8);
            return CommandOutcome.Continue;
        }

        transaction.Reset();
        watches.UnwatchAll(transaction);
        c.Reply.Ok();
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Watch)]
    private CommandOutcome Watch(in CommandContext c)
    {
        if (c.Session.InMulti)
        {
            TransactionError(c, "WATCH inside MULTI is not allowed"u8);
            return CommandOutcome.Continue;
        }

        var transaction = c.Session.Transaction ??= new TransactionState();
        for (var i = 0; i < c.Request.ArgumentCount; i++)
        {
            // A key already past its deadline is reclaimed first: as Redis, its expiry then does not count as a change.
            _ = store.Exists(c.Request[i]);
            watches.Watch(transaction, c.Request[i]);
        }

        c.Reply.Ok();
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Unwatch)]
    private CommandOutcome Unwatch(in CommandContext c)
    {
        if (c.Session.Transaction is { } transaction)
        {
            watches.UnwatchAll(transaction);
        }

        c.Reply.Ok();
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Exec)]
    private CommandOutcome Exec(in CommandContext c)
    {
        var session = c.Session;
        if (session.Transaction is not { InMulti: true } transaction)
        {
            TransactionError(c, "EXEC without MULTI"u8);
            return CommandOutcome.Continue;
        }

        try
        {
            if (transaction.Aborted)
            {
                c.Reply.Error(c.Format == WireFormat.Line
                    ? "ERR: Transaction discarded because of previous errors."u8
                    : "EXECABORT Transaction discarded because of previous errors."u8);
                return CommandOutcome.Continue;
            }

            using var locks = LockTransaction(transaction);

            // Keys past their deadline are reclaimed now, so an expiry since WATCH counts as a change (as Redis).
            foreach (var key in transaction.Watched)
            {
                _ = store.Exists(key);
            }

            if (transaction.Dirty)
            {
                c.Reply.NilArray();
                return CommandOutcome.Continue;
            }

            return RunQueue(c, transaction.Queue);
        }
        finally
        {
            transaction.Reset();
            watches.UnwatchAll(transaction);
        }
    }

    /// <summary>Runs the queued commands, their replies the elements of EXEC's array; locks are held by the caller.</summary>
    private CommandOutcome RunQueue(in CommandContext c, IReadOnlyList<RequestCopy> queue)
    {
        var session = c.Session;
        var outcome = CommandOutcome.Continue;
        c.Reply.ArrayHeader(queue.Count);
        session.IsExecuting = true;
        try
        {
            foreach (var queued in queue)
            {
                var request = queued.AsRequest().WithFormat(c.Format);
                var context = new CommandContext(request, session, c.Output);
                if (CommandSyntax.CheckArity(request) != RequestError.None)
                {
                    ErrorReplies.WrongArity(context.Reply, request);
                    continue;
                }

                var step = Handlers[(int)request.Command](this, context);
                if (step == CommandOutcome.Suspend && session.Suspension is { } suspension)
                {
                    // Only a password check (AUTH, HELLO AUTH) suspends inside EXEC (blocking commands do not wait
                    // there): it is waited for here, so the transaction stays one step.
                    session.Suspension = null;
                    suspension.WaitAsync(CancellationToken.None).GetAwaiter().GetResult();
                    step = suspension.Resume(c.Output);
                }

                if (step == CommandOutcome.Close)
                {
                    outcome = CommandOutcome.Close;
                }
            }
        }
        finally
        {
            session.IsExecuting = false;
        }

        return outcome;
    }

    /// <summary>
    /// Queues a command sent between MULTI and EXEC (+QUEUED), or refuses one that may not be queued; false for the
    /// commands that run at once even inside MULTI (EXEC, DISCARD, MULTI, WATCH, QUIT).
    /// </summary>
    private static bool Queue(in CommandContext c, CommandSpec spec)
    {
        if (RunsInsideMulti(spec.Id))
        {
            return false;
        }

        var transaction = c.Session.Transaction!;
        if (spec.Has(CommandTraits.NoMulti))
        {
            TransactionError(c, "Command not allowed inside a transaction"u8);
            transaction.AbortIfQueueing();
            return true;
        }

        transaction.Enqueue(c.Request);
        c.Reply.Status("QUEUED"u8);
        return true;
    }

    /// <summary>The commands that run at once even between MULTI and EXEC, as in Redis.</summary>
    private static bool RunsInsideMulti(CommandId command) =>
        command is CommandId.Exec or CommandId.Discard or CommandId.Multi or CommandId.Watch or CommandId.Quit;

    /// <summary>The shard locks EXEC holds: every key the queue names and every watched key, or all shards.</summary>
    private ShardLockScope LockTransaction(TransactionState transaction)
    {
        var shards = new List<int>();
        foreach (var queued in transaction.Queue)
        {
            if (!AddKeyShards(queued.AsRequest(), shards))
            {
                return store.LockAll();
            }
        }

        foreach (var key in transaction.Watched)
        {
            shards.Add(store.ShardIndexOf(key));
        }

        return store.LockShards(shards.ToArray());
    }

    /// <summary>Adds the shards of the keys the table says <paramref name="request"/> names; false when they cannot be known.</summary>
    private bool AddKeyShards(in Request request, List<int> shards)
    {
        var spec = CommandTable.Get(request.Command);
        if (spec.Subcommands.Count > 0 && request.ArgumentCount > 0 && spec.FindSubcommand(request[0]) is { } sub)
        {
            spec = sub;
        }

        if (spec.Has(CommandTraits.MovableKeys))
        {
            return false;
        }

        if (spec.FirstKey == 0)
        {
            // No key: harmless unless it reaches the whole keyspace (FLUSHALL, KEYS, SCAN, DBSIZE, RANDOMKEY).
            return !spec.Has(CommandTraits.Write) && !spec.AclCategories.Contains("@keyspace");
        }

        // Redis's positions count the command name as 0; a negative last key counts from the end.
        var argc = request.ArgumentCount + 1;
        var last = spec.LastKey >= 0 ? spec.LastKey : argc + spec.LastKey;
        for (var i = spec.FirstKey; i <= last && i < argc; i += Math.Max(1, spec.KeyStep))
        {
            shards.Add(store.ShardIndexOf(request[i - 1]));
        }

        return true;
    }

    /// <summary>A transaction error: RESP <c>ERR message</c>, line <c>ERR: message</c>.</summary>
    private static void TransactionError(in CommandContext c, ReadOnlySpan<byte> message) =>
        c.Reply.Error(c.Format == WireFormat.Line ? "ERR: "u8 : "ERR "u8, message, default);
}
