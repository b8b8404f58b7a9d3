using System.Buffers;
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
    ServerSettings settings)
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
        if (mode == ReplyMode.SkipNext && session.ReplyMode == ReplyMode.SkipNext)
        {
            session.ReplyMode = ReplyMode.On;
        }

        return outcome;
    }

    private CommandOutcome ExecuteCommand(in Request request, Session session, IBufferWriter<byte> output)
    {
        var reply = new ReplyWriter(output, request.Format, session.RespVersion);
        if (!session.IsAuthenticated)
        {
            return ExecuteUnauthenticated(request, session, reply, output);
        }

        if (request.Command == CommandId.Unknown)
        {
            ErrorReplies.UnknownCommand(reply, request);
            return CommandOutcome.Continue;
        }

        if (CommandSyntax.CheckArity(request) != RequestError.None)
        {
            ErrorReplies.WrongArity(reply, request);
            return CommandOutcome.Continue;
        }

        var spec = CommandTable.Get(request.Command);
        session.LastCommand = spec.Name;
        if (monitors.IsActive && IsShownToMonitors(spec, request))
        {
            monitors.Feed(session, request);
        }

        switch (request.Command)
        {
            case CommandId.Get:
                Get(request, session, reply);
                break;
            case CommandId.Set:
                Set(request, reply);
                break;
            case CommandId.GetEx:
                GetEx(request, session, reply);
                break;
            case CommandId.Ttl:
                var ms = store.TimeToLiveMs(request[0]);
                reply.Integer(ms < 0 ? ms : (ms + 500) / 1000);
                break;
            case CommandId.Pttl:
                reply.Integer(store.TimeToLiveMs(request[0]));
                break;
            case CommandId.SetEx:
            case CommandId.PSetEx:
                SetWithExpiry(request, reply);
                break;
            case CommandId.SetNx:
                var setNx = store.Set(request[0], request[1], new SetOptions(SetCondition.IfAbsent));
                if (setNx.Status == SetStatus.OutOfMemory)
                {
                    ErrorReplies.OutOfMemory(reply, request.Format);
                }
                else
                {
                    reply.Integer(setNx.Status == SetStatus.Written ? 1 : 0);
                }

                break;
            case CommandId.Del:
            case CommandId.Unlink:
                reply.Integer(CountKeys(request, static (s, key) => s.Delete(key)));
                break;
            case CommandId.Exists:
                reply.Integer(CountKeys(request, static (s, key) => s.Exists(key)));
                break;
            case CommandId.Ping:
                Ping(request, reply);
                break;
            case CommandId.DbSize:
                reply.Integer(store.Count());
                break;
            case CommandId.FlushAll:
            case CommandId.FlushDb:
                FlushAll(request, reply);
                break;
            case CommandId.Info:
                // Counters normally reach the shared totals once per batch; INFO must include this batch's.
                metrics.AddBatch(session.Counters);
                session.Counters.Reset();
                Info(request, reply);
                break;
            case CommandId.Quit:
                reply.Ok();
                return CommandOutcome.Close;
            case CommandId.Pass:
                if (request.Format == WireFormat.Line)
                {
                    reply.Status("Already authenticated"u8);
                }
                else
                {
                    ErrorReplies.UnknownCommand(reply, request);
                }

                break;
            case CommandId.Time:
                Time(reply);
                break;
            case CommandId.Monitor:
                return Monitor(session, reply);
            case CommandId.Client:
                return Client(request, session, reply);
            default:
                return ExecuteHandshake(request, session, reply, output);
        }

        return CommandOutcome.Continue;
    }

    /// <summary>Passwords and settings never reach MONITOR: as Redis, it hides admin commands and those that carry passwords.</summary>
    private static bool IsShownToMonitors(CommandSpec spec, in Request request)
    {
        var shown = spec.Subcommands.Count > 0 && request.ArgumentCount > 0 ? spec.FindSubcommand(request[0]) ?? spec : spec;
        return !shown.Has(CommandTraits.Admin | CommandTraits.SkipMonitor);
    }

    /// <summary>Applies the result of a password check started by PASS, AUTH or HELLO.</summary>
    public CommandOutcome CompleteAuthentication(Session session, PendingAuthentication pending, bool valid, IBufferWriter<byte> output)
    {
        var reply = new ReplyWriter(output, pending.Format, session.RespVersion);
        if (valid)
        {
            if (!session.IsAuthenticated)
            {
                metrics.ClientAuthenticated();
            }

            session.Authenticate();
            session.ApplyLimits(config);
            if (pending.Command == CommandId.Hello)
            {
                session.RespVersion = pending.RespVersion;
                if (pending.ClientName is not null)
                {
                    session.ClientName = pending.ClientName;
                }

                WriteHello(session, new ReplyWriter(output, pending.Format, session.RespVersion));
            }
            else
            {
                reply.Ok();
            }

            return CommandOutcome.Continue;
        }

        session.FailedAuthAttempts++;
        metrics.AuthFailed();
        ErrorReplies.InvalidPassword(reply, pending.Format);
        return session.FailedAuthAttempts >= MaxFailedAuthAttempts ? CommandOutcome.Close : CommandOutcome.Continue;
    }

    /// <summary>After this many wrong passwords on one connection it is closed (protocol.md A.3).</summary>
    public const int MaxFailedAuthAttempts = 3;

    private CommandOutcome ExecuteUnauthenticated(in Request request, Session session, ReplyWriter reply, IBufferWriter<byte> output)
    {
        var line = request.Format == WireFormat.Line;
        switch (request.Command)
        {
            case CommandId.Quit when CommandSyntax.CheckArity(request) != RequestError.None:
                ErrorReplies.WrongArity(reply, request);
                return CommandOutcome.Continue;
            case CommandId.Quit:
                reply.Ok();
                return CommandOutcome.Close;
            case CommandId.Pass when line:
            case CommandId.Auth when !line:
                return BeginAuthentication(request, session, reply, output);
            case CommandId.Hello when !line:
                return Hello(request, session, reply, output);

            // Redis 7 rejects an unknown command or a wrong argument count before it asks for authentication.
            case CommandId.Unknown when !line:
                ErrorReplies.UnknownCommand(reply, request);
                return CommandOutcome.Continue;
            case not CommandId.Pass when !line && CommandSyntax.CheckArity(request) != RequestError.None:
                ErrorReplies.WrongArity(reply, request);
                return CommandOutcome.Continue;
            default:
                ErrorReplies.Unauthorized(reply, request.Format);
                return CommandOutcome.Continue;
        }
    }

    private CommandOutcome BeginAuthentication(in Request request, Session session, ReplyWriter reply, IBufferWriter<byte> output)
    {
        if (CommandSyntax.CheckArity(request) != RequestError.None)
        {
            ErrorReplies.WrongArity(reply, request);
            return CommandOutcome.Continue;
        }

        if (request.Command == CommandId.Auth && request.ArgumentCount > 2)
        {
            // Redis: AUTH takes any number of arguments, and more than two is a syntax error.
            ErrorReplies.Syntax(reply, request.Format);
            return CommandOutcome.Continue;
        }

        // AUTH <user> <password>: there is one user, "default" (as in Redis without ACLs).
        if (request.Command == CommandId.Auth && request.ArgumentCount == 2 && !request[0].SequenceEqual("default"u8))
        {
            metrics.AuthFailed();
            session.FailedAuthAttempts++;
            ErrorReplies.InvalidPassword(reply, request.Format);
            return session.FailedAuthAttempts >= MaxFailedAuthAttempts ? CommandOutcome.Close : CommandOutcome.Continue;
        }

        var password = request[request.ArgumentCount - 1].ToArray();
        session.Reader.ClearScratch();
        return Authenticate(session, new PendingAuthentication(password, request.Format, request.Command, session.RespVersion, null), output);
    }

    /// <summary>
    /// A password that already passed Argon2id is accepted at once by its MAC (the fast path); any other goes to the
    /// verifier's bounded Argon2id threads, and the batch resumes when it answers.
    /// </summary>
    private CommandOutcome Authenticate(Session session, PendingAuthentication pending, IBufferWriter<byte> output)
    {
        if (verifier.TryAcceptKnown(pending.Candidate))
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(pending.Candidate);
            return CompleteAuthentication(session, pending, valid: true, output);
        }

        session.PendingAuthentication = pending;
        return CommandOutcome.VerifyPassword;
    }

    private void Get(in Request request, Session session, ReplyWriter reply)
    {
        var value = store.Get(request[0]);
        CountLookup(session, value);
        WriteValueOrNil(reply, value);
    }

    private void Set(in Request request, ReplyWriter reply)
    {
        var error = CommandSyntax.ParseSet(request, out var args);
        if (error != RequestError.None)
        {
            WriteRequestError(reply, request, error);
            return;
        }

        var options = new SetOptions(
            args.Condition switch
            {
                ConditionOption.Nx => SetCondition.IfAbsent,
                ConditionOption.Xx => SetCondition.IfPresent,
                _ => SetCondition.Always,
            },
            args.Expiry switch
            {
                ExpiryOption.Ttl => ExpiryMode.After,
                ExpiryOption.At => ExpiryMode.At,
                ExpiryOption.KeepTtl => ExpiryMode.Keep,
                _ => ExpiryMode.None,
            },
            args.TtlMs,
            args.Get);

        WriteSetResult(reply, request, store.Set(request[0], request[1], options), args.Get);
    }

    private static void WriteSetResult(ReplyWriter reply, in Request request, SetResult result, bool returnOld)
    {
        switch (result.Status)
        {
            case SetStatus.Written when !returnOld:
                reply.Ok();
                break;
            case SetStatus.Written:
            case SetStatus.ConditionNotMet:
                // With GET the reply is the old value either way; without it, a stopped write is (nil).
                WriteValueOrNil(reply, result.OldValue);
                break;
            case SetStatus.InvalidExpireTime:
                ErrorReplies.InvalidExpireTime(reply, request);
                break;
            case SetStatus.OutOfMemory:
                ErrorReplies.OutOfMemory(reply, request.Format);
                break;
        }
    }

    /// <summary>SETEX key seconds value / PSETEX key milliseconds value (the older Redis forms clients still send).</summary>
    private void SetWithExpiry(in Request request, ReplyWriter reply)
    {
        if (!CommandSyntax.TryParseInt64(request[1], out _))
        {
            ErrorReplies.NotAnInteger(reply, request.Format);
            return;
        }

        if (!CommandSyntax.TryParseTtl(request[1], seconds: request.Command == CommandId.SetEx, out var ttlMs))
        {
            ErrorReplies.InvalidExpireTime(reply, request);
            return;
        }

        WriteSetResult(reply, request, store.Set(request[0], request[2], new SetOptions(Expiry: ExpiryMode.After, TtlMs: ttlMs)), returnOld: false);
    }

    private void GetEx(in Request request, Session session, ReplyWriter reply)
    {
        var error = CommandSyntax.ParseGetEx(request, out var args);
        if (error != RequestError.None)
        {
            WriteRequestError(reply, request, error);
            return;
        }

        if (args.NumberError != RequestError.None)
        {
            // Redis judges the number only when the key exists: a missing key answers nil.
            if (store.Exists(request[0]))
            {
                WriteRequestError(reply, request, args.NumberError);
            }
            else
            {
                CountLookup(session, null);
                reply.Nil();
            }

            return;
        }

        var change = args.Expiry switch
        {
            ExpiryOption.Ttl => GetExpiryChange.ExpireAfter,
            ExpiryOption.At => GetExpiryChange.ExpireAt,
            ExpiryOption.Persist => GetExpiryChange.Persist,
            _ => GetExpiryChange.None,
        };
        if (!store.TryGetAndUpdateExpiry(request[0], change, args.TtlMs, out var value))
        {
            ErrorReplies.InvalidExpireTime(reply, request);
            return;
        }

        CountLookup(session, value);
        WriteValueOrNil(reply, value);
    }

    private static void Ping(in Request request, ReplyWriter reply)
    {
        if (request.ArgumentCount == 0)
        {
            reply.Status("PONG"u8);
        }
        else
        {
            reply.Value(request[0]);
        }
    }

    private void FlushAll(in Request request, ReplyWriter reply)
    {
        // Redis accepts FLUSHALL ASYNC|SYNC; both mean the same here (flushing is always done before replying).
        if (request.ArgumentCount > 1 || (request.ArgumentCount == 1 && !IsWord(request[0], "ASYNC"u8) && !IsWord(request[0], "SYNC"u8)))
        {
            ErrorReplies.Syntax(reply, request.Format);
            return;
        }

        store.FlushAll();
        reply.Ok();
    }

    private void Info(in Request request, ReplyWriter reply)
    {
        if (request.Format == WireFormat.Line)
        {
            reply.Status(System.Text.Encoding.ASCII.GetBytes(info.Line()));
            return;
        }

        var sections = new string[request.ArgumentCount];
        for (var i = 0; i < sections.Length; i++)
        {
            sections[i] = System.Text.Encoding.ASCII.GetString(request[i]);
        }

        reply.Value(System.Text.Encoding.UTF8.GetBytes(info.Resp(sections)));
    }

    private long CountKeys(in Request request, Func<KeyStore, ReadOnlySpan<byte>, bool> operation)
    {
        long count = 0;
        for (var i = 0; i < request.ArgumentCount; i++)
        {
            if (operation(store, request[i]))
            {
                count++;
            }
        }

        return count;
    }

    private static void CountLookup(Session session, byte[]? value)
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

    private static void WriteValueOrNil(ReplyWriter reply, byte[]? value)
    {
        if (value is null)
        {
            reply.Nil();
        }
        else
        {
            reply.Value(value);
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
