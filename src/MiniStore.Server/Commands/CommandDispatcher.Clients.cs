using System.Globalization;
using System.Text;
using MiniStore.Protocol;
using MiniStore.Server.Connections;

namespace MiniStore.Server.Commands;

/// <summary>CLIENT and its subcommands, with Redis 7.0's replies and error texts.</summary>
internal sealed partial class CommandDispatcher
{
    [Handles(CommandId.Client)]
    private CommandOutcome Client(in CommandContext c)
    {
        var request = c.Request;
        var session = c.Session;
        var reply = c.Reply;
        var spec = CommandTable.Get(CommandId.Client).FindSubcommand(request[0]);
        if (spec is null)
        {
            ErrorReplies.UnknownSubcommand(reply, request.Format, "CLIENT", request[0]);
            return CommandOutcome.Continue;
        }

        session.LastCommand = spec.FullName;
        if (!spec.AcceptsArgumentCount(request.ArgumentCount))
        {
            ErrorReplies.WrongSubcommandArity(reply, request.Format, "client", spec.Name);
            return CommandOutcome.Continue;
        }

        switch (spec.Name)
        {
            case "id":
                reply.Integer(session.ClientId);
                break;
            case "getname":
                if (session.ClientName is null)
                {
                    reply.Nil();
                }
                else
                {
                    reply.Value(Encoding.UTF8.GetBytes(session.ClientName));
                }

                break;
            case "setname":
                SetName(request[1], session, reply);
                break;
            case "info":
                reply.Value(Encoding.UTF8.GetBytes(Describe(session) + "\n"));
                break;
            case "list":
                ListClients(request, reply);
                break;
            case "setinfo":
                // Client libraries announce their name and version; accepted and not stored.
                reply.Ok();
                break;
            case "kill":
                return Kill(request, session, reply);
            case "reply":
                SetReplyMode(request[1], session, reply);
                break;
            case "no-evict":
                if (IsWord(request[1], "ON"u8) || IsWord(request[1], "OFF"u8))
                {
                    session.NoEvict = IsWord(request[1], "ON"u8);
                    reply.Ok();
                }
                else
                {
                    ErrorReplies.Syntax(reply, request.Format);
                }

                break;
            case "pause":
                Pause(request, reply);
                break;
            case "unpause":
                pause.Unpause();
                reply.Ok();
                break;
            case "unblock":
                Unblock(request, reply);
                break;
            default:
                throw new InvalidOperationException($"CLIENT {spec.Name} has a table row but no handler.");
        }

        return CommandOutcome.Continue;
    }

    /// <summary>CLIENT REPLY answers ON even while replies are off, so it bypasses the silencing.</summary>
    private static bool IsClientReply(in Request request) =>
        request.Command == CommandId.Client && request.ArgumentCount == 2 && IsWord(request[0], "REPLY"u8);

    private static void SetName(ReadOnlySpan<byte> name, Session session, ReplyWriter reply)
    {
        // Redis refuses what would break CLIENT LIST's space-separated format.
        foreach (var b in name)
        {
            if (b is < (byte)'!' or > (byte)'~')
            {
                reply.Error(reply.Format == WireFormat.Line
                    ? "ERR: client names cannot contain spaces, newlines or special characters"u8
                    : "ERR Client names cannot contain spaces, newlines or special characters."u8);
                return;
            }
        }

        session.ClientName = name.IsEmpty ? null : Encoding.ASCII.GetString(name);
        reply.Ok();
    }

    private static void SetReplyMode(ReadOnlySpan<byte> mode, Session session, ReplyWriter reply)
    {
        if (IsWord(mode, "ON"u8))
        {
            session.ReplyMode = ReplyMode.On;
            reply.Ok();
        }
        else if (IsWord(mode, "OFF"u8))
        {
            session.ReplyMode = ReplyMode.Off;
        }
        else if (IsWord(mode, "SKIP"u8))
        {
            if (session.ReplyMode == ReplyMode.On)
            {
                session.ReplyMode = ReplyMode.SkipNext;
            }
        }
        else
        {
            ErrorReplies.Syntax(reply, reply.Format);
        }
    }

    /// <summary>CLIENT PAUSE timeout-ms [WRITE|ALL].</summary>
    private void Pause(in Request request, ReplyWriter reply)
    {
        var line = request.Format == WireFormat.Line;
        if (!CommandSyntax.TryParseInt64(request[1], out var ms))
        {
            reply.Error(line ? "ERR: timeout is not an integer"u8 : "ERR timeout is not an integer or out of range"u8);
            return;
        }

        if (ms < 0)
        {
            reply.Error(line ? "ERR: timeout is negative"u8 : "ERR timeout is negative"u8);
            return;
        }

        var mode = PauseMode.All;
        if (request.ArgumentCount == 3)
        {
            if (IsWord(request[2], "WRITE"u8))
            {
                mode = PauseMode.Write;
            }
            else if (!IsWord(request[2], "ALL"u8))
            {
                reply.Error(line ? "ERR: CLIENT PAUSE mode must be WRITE or ALL"u8 : "ERR CLIENT PAUSE mode must be WRITE or ALL"u8);
                return;
            }
        }

        pause.Pause(TimeSpan.FromMilliseconds(ms), mode);
        reply.Ok();
    }

    /// <summary>CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id ...].</summary>
    private void ListClients(in Request request, ReplyWriter reply)
    {
        var line = request.Format == WireFormat.Line;
        HashSet<long>? ids = null;
        ClientType? type = null;
        for (var i = 1; i < request.ArgumentCount; i++)
        {
            if (IsWord(request[i], "TYPE"u8) && i + 1 < request.ArgumentCount)
            {
                if (!TryParseClientType(request[++i], reply, out var parsedType))
                {
                    return;
                }

                type = parsedType;
            }
            else if (IsWord(request[i], "ID"u8) && i + 1 < request.ArgumentCount)
            {
                ids = [];
                while (++i < request.ArgumentCount)
                {
                    if (!CommandSyntax.TryParseInt64(request[i], out var id) || id <= 0)
                    {
                        reply.Error(line ? "ERR: invalid client ID"u8 : "ERR Invalid client ID"u8);
                        return;
                    }

                    ids.Add(id);
                }
            }
            else
            {
                ErrorReplies.Syntax(reply, request.Format);
                return;
            }
        }

        var text = new StringBuilder();
        foreach (var client in clients.Snapshot())
        {
            if (IsOfType(client, type) && (ids is null || ids.Contains(client.ClientId)))
            {
                text.Append(Describe(client)).Append('\n');
            }
        }

        reply.Value(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>One CLIENT LIST line, with Redis 7.0's fields (buffers that MiniStore does not keep per client read 0).</summary>
    private string Describe(Session client)
    {
        var time = metrics.Time;
        var now = time.GetTimestamp();
        var age = (long)time.GetElapsedTime(client.CreatedAt, now).TotalSeconds;
        var idle = (long)time.GetElapsedTime(client.LastInteraction, now).TotalSeconds;
        var subscriptions = client.Subscriptions;
        var flags = Flags(client);
        var multi = client.Transaction is { InMulti: true } transaction ? transaction.Queue.Count : -1;
        return string.Create(CultureInfo.InvariantCulture,
            $"id={client.ClientId} addr={client.Remote} laddr={client.Local} fd={client.Fd} name={client.ClientName} age={age} idle={idle} flags={flags} db=0 sub={subscriptions?.Channels.Count ?? 0} psub={subscriptions?.Patterns.Count ?? 0} ssub=0 multi={multi} qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd={client.LastCommand} user=default redir=-1 resp={client.RespVersion}");
    }

    /// <summary>CLIENT LIST's flags, in Redis's order: O monitor, P subscriber, x in MULTI, b blocked, d watched key changed; N none.</summary>
    private static string Flags(Session client)
    {
        var flags = new StringBuilder();
        if (client.IsMonitor)
        {
            flags.Append('O');
        }
        else if (client.Subscriptions is { Count: > 0 })
        {
            flags.Append('P');
        }

        if (client.InMulti)
        {
            flags.Append('x');
        }

        if (client.IsBlocked)
        {
            flags.Append('b');
        }

        if (client.Transaction is { Dirty: true })
        {
            flags.Append('d');
        }

        return flags.Length == 0 ? "N" : flags.ToString();
    }

    /// <summary>CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 if the client was waiting in a blocking command and is now answered.</summary>
    private void Unblock(in Request request, ReplyWriter reply)
    {
        var line = request.Format == WireFormat.Line;
        if (!CommandSyntax.TryParseInt64(request[1], out var id))
        {
            ErrorReplies.NotAnInteger(reply, request.Format);
            return;
        }

        var error = false;
        if (request.ArgumentCount == 3)
        {
            error = IsWord(request[2], "ERROR"u8);
            if (!error && !IsWord(request[2], "TIMEOUT"u8))
            {
                reply.Error(line ? "ERR: CLIENT UNBLOCK reason should be TIMEOUT or ERROR"u8 : "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"u8);
                return;
            }
        }

        var target = clients.Find(id);
        var unblocked = target?.Suspension is Blocking.BlockedPop waiter && waiter.End(error ? Blocking.WaitEnd.UnblockedWithError : Blocking.WaitEnd.Unblocked);
        reply.Integer(unblocked ? 1 : 0);
    }

    /// <summary>
    /// CLIENT KILL addr:port (the old form: OK or an error) or CLIENT KILL with filters ID, ADDR, LADDR, USER, TYPE and
    /// SKIPME (the new form: how many were killed). The calling client, if it matches, is closed after its reply.
    /// </summary>
    private CommandOutcome Kill(in Request request, Session session, ReplyWriter reply)
    {
        var line = request.Format == WireFormat.Line;
        if (request.ArgumentCount == 2)
        {
            var address = Encoding.ASCII.GetString(request[1]);
            var victim = clients.Snapshot().FirstOrDefault(c => c.Remote?.ToString() == address);
            if (victim is null)
            {
                reply.Error(line ? "ERR: no such client"u8 : "ERR No such client"u8);
                return CommandOutcome.Continue;
            }

            reply.Ok();
            return KillOne(victim, session);
        }

        long? id = null;
        string? addr = null, laddr = null;
        var skipMe = true;
        ClientType? type = null;
        for (var i = 1; i < request.ArgumentCount; i += 2)
        {
            if (i + 1 >= request.ArgumentCount)
            {
                ErrorReplies.Syntax(reply, request.Format);
                return CommandOutcome.Continue;
            }

            var value = request[i + 1];
            if (IsWord(request[i], "ID"u8))
            {
                if (!CommandSyntax.TryParseInt64(value, out var parsed) || parsed <= 0)
                {
                    reply.Error(line ? "ERR: client-id should be greater than 0"u8 : "ERR client-id should be greater than 0"u8);
                    return CommandOutcome.Continue;
                }

                id = parsed;
            }
            else if (IsWord(request[i], "ADDR"u8))
            {
                addr = Encoding.ASCII.GetString(value);
            }
            else if (IsWord(request[i], "LADDR"u8))
            {
                laddr = Encoding.ASCII.GetString(value);
            }
            else if (IsWord(request[i], "USER"u8))
            {
                if (!value.SequenceEqual("default"u8))
                {
                    reply.Error(Encoding.UTF8.GetBytes(line ? $"ERR: no such user '{Encoding.ASCII.GetString(value)}'" : $"ERR No such user '{Encoding.ASCII.GetString(value)}'"));
                    return CommandOutcome.Continue;
                }
            }
            else if (IsWord(request[i], "TYPE"u8))
            {
                if (!TryParseClientType(value, reply, out var parsedType))
                {
                    return CommandOutcome.Continue;
                }

                type = parsedType;
            }
            else if (IsWord(request[i], "SKIPME"u8) && (IsWord(value, "YES"u8) || IsWord(value, "NO"u8)))
            {
                skipMe = IsWord(value, "YES"u8);
            }
            else
            {
                ErrorReplies.Syntax(reply, request.Format);
                return CommandOutcome.Continue;
            }
        }

        var victims = clients.Snapshot().Where(c =>
            IsOfType(c, type)
            && (id is null || c.ClientId == id)
            && (addr is null || c.Remote?.ToString() == addr)
            && (laddr is null || c.Local?.ToString() == laddr)
            && !(skipMe && c == session)).ToList();
        reply.Integer(victims.Count);
        var outcome = CommandOutcome.Continue;
        foreach (var victim in victims)
        {
            if (KillOne(victim, session) == CommandOutcome.Close)
            {
                outcome = CommandOutcome.Close;
            }
        }

        return outcome;
    }

    /// <summary>A client type of CLIENT LIST / CLIENT KILL; false, with Redis's error written, for a name Redis does not know.</summary>
    private static bool TryParseClientType(ReadOnlySpan<byte> name, ReplyWriter reply, out ClientType type)
    {
        var text = Encoding.ASCII.GetString(name).ToLowerInvariant();
        type = text switch
        {
            "normal" => ClientType.Normal,
            "pubsub" => ClientType.PubSub,
            _ => ClientType.Replication,
        };
        if (text is "normal" or "master" or "replica" or "slave" or "pubsub")
        {
            return true;
        }

        reply.Error(Encoding.UTF8.GetBytes(reply.Format == WireFormat.Line ? $"ERR: unknown client type '{text}'" : $"ERR Unknown client type '{text}'"));
        return false;
    }

    /// <summary>
    /// As Redis 7.0 classes clients: one with any subscription is <c>pubsub</c> (in RESP3 too), every other one
    /// (MONITOR included) is <c>normal</c>; MiniStore has no masters or replicas. No type given matches all.
    /// </summary>
    private static bool IsOfType(Session client, ClientType? type) => type switch
    {
        null => true,
        ClientType.Normal => client.Subscriptions is not { Count: > 0 },
        ClientType.PubSub => client.Subscriptions is { Count: > 0 },
        _ => false,
    };

    private enum ClientType : byte
    {
        Normal,
        PubSub,

        /// <summary>master, replica, slave: never a MiniStore client.</summary>
        Replication,
    }

    /// <summary>Another client is aborted at once; the caller itself is closed after its reply is flushed.</summary>
    private static CommandOutcome KillOne(Session victim, Session caller)
    {
        if (victim == caller)
        {
            return CommandOutcome.Close;
        }

        victim.Kill("killed by CLIENT KILL");
        return CommandOutcome.Continue;
    }
}
