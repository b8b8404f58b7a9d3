using System.Buffers;
using Microsoft.Extensions.Logging;
using MiniStore.Core;
using MiniStore.Protocol;
using MiniStore.Server.Connections;
using MiniStore.Server.Diagnostics;
using MiniStore.Server.Hosting;
using MiniStore.Server.Security;

namespace MiniStore.Server.Commands;

/// <summary>
/// Executes one parsed request against the store and writes its reply. Format-agnostic: a command is
/// implemented once, and <see cref="ReplyWriter"/> and <see cref="ErrorReplies"/> speak the request's format.
/// </summary>
internal sealed partial class CommandDispatcher(
    KeyStore store,
    ServerMetrics metrics,
    InfoReport info,
    ServerConfig config,
    ListeningPort port,
    PasswordVerifier verifier,
    ClientRegistry clients,
    ClientPause pause,
    MonitorFeed monitors,
    ServerSettings settings,
    ILogger<CommandDispatcher> logger,
    PubSub.PubSubHub pubsub,
    Transactions.WatchRegistry watches,
    Blocking.BlockingRegistry blocking,
    MiniStore.Persistence.SnapshotService snapshots)
{
    public CommandOutcome Execute(in Request incoming, Session session, IBufferWriter<byte> output)
    {
        session.Counters.Commands++;
        metrics.CommandExecuted(incoming.Command);

        // The dialect rule (protocol.md v2): a RESP array, AUTH or HELLO switches the connection to RESP for good, and
        // on a RESP connection a line is an inline command answered in RESP.
        if (!session.IsResp && (incoming.Format == WireFormat.Resp || incoming.Command is CommandId.Auth or CommandId.Hello))
        {
            session.SwitchToResp();
        }

        var request = session.IsResp ? incoming.WithFormat(WireFormat.Resp) : incoming;
        var mode = session.ReplyMode;
        var target = mode == ReplyMode.On || IsClientReply(request) ? output : session.Discard;
        var outcome = ExecuteCommand(request, session, target);
        if (blocking.HasReady)
        {
            // The command made keys ready that clients wait on: serve them now, before this connection's next command.
            blocking.ServeReady(store);
        }

        if (mode == ReplyMode.SkipNext && session.ReplyMode == ReplyMode.SkipNext)
        {
            session.ReplyMode = ReplyMode.On;
        }

        return outcome;
    }

    private CommandOutcome ExecuteCommand(in Request request, Session session, IBufferWriter<byte> output)
    {
        var context = new CommandContext(request, session, output);
        if (!session.IsAuthenticated)
        {
            return ExecuteUnauthenticated(context);
        }

        if (request.Command == CommandId.Unknown)
        {
            ErrorReplies.UnknownCommand(context.Reply, request);
            session.Transaction?.AbortIfQueueing();
            return CommandOutcome.Continue;
        }

        if (CommandSyntax.CheckArity(request) != RequestError.None && !(session.InMulti && !RunsInsideMulti(request.Command) && MeetsRedisArity(request)))
        {
            // Inside MULTI only Redis's own arity refuses a command: a tighter maximum of ours (PING's one argument) is
            // reported by the command when EXEC runs it, as Redis does.
            ErrorReplies.WrongArity(context.Reply, request);
            session.Transaction?.AbortIfQueueing();
            return CommandOutcome.Continue;
        }

        var spec = CommandTable.Get(request.Command);
        session.LastCommand = spec.Name;
        if (session.Subscriptions is { Count: > 0 } && InterceptedInSubscribeMode(context, spec))
        {
            return CommandOutcome.Continue;
        }

        if (monitors.IsActive && IsShownToMonitors(spec, request))
        {
            monitors.Feed(session, request);
        }

        if (session.InMulti && Queue(context, spec))
        {
            return CommandOutcome.Continue;
        }

        return Handlers[(int)request.Command](this, context);
    }

    /// <summary>
    /// The handler of every command, indexed by <see cref="CommandId"/>, from the <see cref="HandlesAttribute"/> on the
    /// family files' methods. Built once; a command with a table row and no handler stops the server at start.
    /// </summary>
    private static readonly CommandHandler[] Handlers = BuildHandlers();

    private static CommandHandler[] BuildHandlers()
    {
        var handlers = new CommandHandler?[Enum.GetValues<CommandId>().Length];
        const System.Reflection.BindingFlags Methods =
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic;
        foreach (var method in typeof(CommandDispatcher).GetMethods(Methods))
        {
            if (method.GetCustomAttributes(typeof(HandlesAttribute), inherit: false) is not [HandlesAttribute handles])
            {
                continue;
            }

            CommandHandler handler;
            if (method.IsStatic)
            {
                var function = method.CreateDelegate<StaticCommandHandler>();
                handler = (_, in context) => function(context);
            }
            else
            {
                handler = method.CreateDelegate<CommandHandler>();
            }

            foreach (var id in handles.Commands)
            {
                handlers[(int)id] = handlers[(int)id] is null ? handler : throw new InvalidOperationException($"{id} has two handlers.");
            }
        }

        foreach (var spec in CommandTable.Commands)
        {
            _ = handlers[(int)spec.Id] ?? throw new InvalidOperationException($"'{spec.Name}' has a table row but no handler.");
        }

        handlers[(int)CommandId.Unknown] = static (_, in context) =>
        {
            ErrorReplies.UnknownCommand(context.Reply, context.Request);
            return CommandOutcome.Continue;
        };
        return handlers!;
    }

    /// <summary>Whether the request has as many arguments as Redis's arity says (the name counted; negative: at least).</summary>
    private static bool MeetsRedisArity(in Request request)
    {
        var arity = CommandTable.Get(request.Command).Arity;
        var count = request.ArgumentCount + 1;
        return arity > 0 ? count == arity : count >= -arity;
    }

    /// <summary>Passwords and settings never reach MONITOR: as Redis, it hides admin commands and those that carry passwords.</summary>
    private static bool IsShownToMonitors(CommandSpec spec, in Request request)
    {
        var shown = spec.Subcommands.Count > 0 && request.ArgumentCount > 0 ? spec.FindSubcommand(request[0]) ?? spec : spec;
        return !shown.Has(CommandTraits.Admin | CommandTraits.SkipMonitor);
    }

    private static void CountLookup(Session session, ReadOnlyMemory<byte>? value)
    {
        if (value is null)
        {
            session.Counters.Misses++;
        }
        else
        {
            session.Counters.Hits++;
        }
    }

    // Takes only the store's form: a null byte[] would convert to an empty ReadOnlyMemory (a value), not to nil.
    private static void WriteValueOrNil(ReplyWriter reply, ReadOnlyMemory<byte>? value)
    {
        if (value is { } bytes)
        {
            reply.Value(bytes.Span);
        }
        else
        {
            reply.Nil();
        }
    }

    private static void WriteRequestError(ReplyWriter reply, in Request request, RequestError error)
    {
        switch (error)
        {
            case RequestError.WrongArity:
                ErrorReplies.WrongArity(reply, request);
                break;
            case RequestError.InvalidExpireTime:
                ErrorReplies.InvalidExpireTime(reply, request);
                break;
            case RequestError.NotAnInteger:
                ErrorReplies.NotAnInteger(reply, request.Format);
                break;
            case RequestError.ExpireTimeNotAnInteger when request.Format == WireFormat.Line:
                // protocol.md A.4: the line dialect says "invalid expire time" for any bad EX/PX number.
                ErrorReplies.InvalidExpireTime(reply, request);
                break;
            case RequestError.ExpireTimeNotAnInteger:
                ErrorReplies.NotAnInteger(reply, request.Format);
                break;
            default:
                ErrorReplies.Syntax(reply, request.Format);
                break;
        }
    }

    private static bool IsWord(ReadOnlySpan<byte> token, ReadOnlySpan<byte> upperCaseWord) =>
        System.Text.Ascii.EqualsIgnoreCase(token, upperCaseWord);
}
