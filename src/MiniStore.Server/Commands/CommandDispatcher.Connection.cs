using System.Buffers;
using System.Text;
using MiniStore.Protocol;
using MiniStore.Server.Connections;
using MiniStore.Server.Diagnostics;

namespace MiniStore.Server.Commands;

/// <summary>
/// Connection commands: PING, ECHO, SELECT, QUIT, and authentication (PASS, AUTH, HELLO), with the rules for what a
/// connection may do before it authenticates (protocol.md A.3, B).
/// </summary>
internal sealed partial class CommandDispatcher
{
    /// <summary>After this many wrong passwords on one connection it is closed (protocol.md A.3).</summary>
    public const int MaxFailedAuthAttempts = 3;

    [Handles(CommandId.Ping)]
    private static CommandOutcome Ping(in CommandContext c)
    {
        if (c.Request.ArgumentCount == 0)
        {
            c.Reply.Status("PONG"u8);
        }
        else
        {
            c.Reply.Value(c.Request[0]);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Echo)]
    private static CommandOutcome Echo(in CommandContext c)
    {
        c.Reply.Value(c.Request[0]);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Select)]
    private static CommandOutcome Select(in CommandContext c)
    {
        var index = c.Request[0];
        if (index.SequenceEqual("0"u8))
        {
            c.Reply.Ok();
        }
        else if (!CommandSyntax.TryParseInt64(index, out _))
        {
            ErrorReplies.NotAnInteger(c.Reply, c.Format);
        }
        else
        {
            c.Reply.Error(c.Format == WireFormat.Line ? "ERR: DB index is out of range"u8 : "ERR DB index is out of range"u8);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Quit)]
    private static CommandOutcome Quit(in CommandContext c)
    {
        c.Reply.Ok();
        return CommandOutcome.Close;
    }

    /// <summary>PASS after authentication; before it, <see cref="ExecuteUnauthenticated"/> takes it.</summary>
    [Handles(CommandId.Pass)]
    private static CommandOutcome Pass(in CommandContext c)
    {
        if (c.Format == WireFormat.Line)
        {
            c.Reply.Status("Already authenticated"u8);
        }
        else
        {
            // PASS is the line protocol's: not a Redis command.
            ErrorReplies.UnknownCommand(c.Reply, c.Request);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Auth)]
    private CommandOutcome Auth(in CommandContext c) => BeginAuthentication(c);

    [Handles(CommandId.Hello)]
    private CommandOutcome Hello(in CommandContext c) => Hello(c.Request, c.Session, c.Reply, c.Output);

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
        Log.AuthFailed(logger, session.Id, session.Remote, session.FailedAuthAttempts);
        ErrorReplies.InvalidPassword(reply, pending.Format);
        if (session.FailedAuthAttempts < MaxFailedAuthAttempts)
        {
            return CommandOutcome.Continue;
        }

        Log.ClosingConnection(logger, session.Id, session.Remote, "too many wrong passwords");
        return CommandOutcome.Close;
    }

    /// <summary>
    /// Before authentication only the commands the table marks <see cref="CommandTraits.NoAuth"/> run (the line dialect
    /// authenticates with PASS, RESP with AUTH or HELLO); as in Redis 7, a RESP client hears of an unknown command or
    /// a wrong argument count first.
    /// </summary>
    private CommandOutcome ExecuteUnauthenticated(in CommandContext c)
    {
        var request = c.Request;
        var line = request.Format == WireFormat.Line;
        if (request.Command == CommandId.Unknown || (!line && CommandTable.Get(request.Command).Has(CommandTraits.LineOnly)))
        {
            if (line)
            {
                ErrorReplies.Unauthorized(c.Reply, request.Format);
            }
            else
            {
                ErrorReplies.UnknownCommand(c.Reply, request);
            }

            return CommandOutcome.Continue;
        }

        var spec = CommandTable.Get(request.Command);
        var served = spec.Has(CommandTraits.NoAuth) && (line ? request.Command is CommandId.Pass or CommandId.Quit : !spec.Has(CommandTraits.LineOnly));
        if (served || !line)
        {
            if (CommandSyntax.CheckArity(request) != RequestError.None)
            {
                ErrorReplies.WrongArity(c.Reply, request);
                return CommandOutcome.Continue;
            }
        }

        if (!served)
        {
            ErrorReplies.Unauthorized(c.Reply, request.Format);
            return CommandOutcome.Continue;
        }

        return request.Command switch
        {
            CommandId.Quit => Quit(c),
            CommandId.Hello => Hello(c),
            _ => BeginAuthentication(c),
        };
    }

    private CommandOutcome BeginAuthentication(in CommandContext c)
    {
        var request = c.Request;
        var session = c.Session;
        if (request.Command == CommandId.Auth && request.ArgumentCount > 2)
        {
            // Redis: AUTH takes any number of arguments, and more than two is a syntax error.
            ErrorReplies.Syntax(c.Reply, request.Format);
            return CommandOutcome.Continue;
        }

        // AUTH <user> <password>: there is one user, "default" (as in Redis without ACLs).
        if (request.Command == CommandId.Auth && request.ArgumentCount == 2 && !request[0].SequenceEqual("default"u8))
        {
            metrics.AuthFailed();
            session.FailedAuthAttempts++;
            ErrorReplies.InvalidPassword(c.Reply, request.Format);
            return session.FailedAuthAttempts >= MaxFailedAuthAttempts ? CommandOutcome.Close : CommandOutcome.Continue;
        }

        var password = request[request.ArgumentCount - 1].ToArray();
        session.Reader.ClearScratch();
        return Authenticate(session, new PendingAuthentication(password, request.Format, request.Command, session.RespVersion, null), c.Output);
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

        session.Suspension = new PasswordCheck(pending, session, verifier, CompleteAuthentication);
        return CommandOutcome.Suspend;
    }

    /// <summary>HELLO [protover [AUTH user pass] [SETNAME name]]: chooses RESP2 or RESP3, optionally authenticating.</summary>
    private CommandOutcome Hello(in Request request, Session session, ReplyWriter reply, IBufferWriter<byte> output)
    {
        var version = session.RespVersion;
        if (request.ArgumentCount > 0)
        {
            if (!CommandSyntax.TryParseInt64(request[0], out var requested))
            {
                reply.Error(request.Format == WireFormat.Line
                    ? "ERR: protocol version is not an integer"u8
                    : "ERR Protocol version is not an integer or out of range"u8);
                return CommandOutcome.Continue;
            }

            if (requested is not (2 or 3))
            {
                reply.Error("NOPROTO unsupported protocol version"u8);
                return CommandOutcome.Continue;
            }

            version = (int)requested;
        }

        byte[]? password = null;
        string? name = null;
        for (var i = 1; i < request.ArgumentCount; i++)
        {
            var remaining = request.ArgumentCount - i - 1;
            if (IsWord(request[i], "AUTH"u8) && remaining >= 2)
            {
                if (!request[i + 1].SequenceEqual("default"u8))
                {
                    CryptoClear(password);
                    metrics.AuthFailed();
                    session.FailedAuthAttempts++;
                    ErrorReplies.InvalidPassword(reply, request.Format);
                    return session.FailedAuthAttempts >= MaxFailedAuthAttempts ? CommandOutcome.Close : CommandOutcome.Continue;
                }

                CryptoClear(password);
                password = request[i + 2].ToArray();
                i += 2;
            }
            else if (IsWord(request[i], "SETNAME"u8) && remaining >= 1)
            {
                name = Encoding.UTF8.GetString(request[i + 1]);
                i += 1;
            }
            else
            {
                CryptoClear(password);
                reply.Error(Encoding.ASCII.GetBytes($"ERR Syntax error in HELLO option '{Encoding.ASCII.GetString(request[i])}'"));
                return CommandOutcome.Continue;
            }
        }

        if (password is not null)
        {
            session.Reader.ClearScratch();
            return Authenticate(session, new PendingAuthentication(password, request.Format, CommandId.Hello, version, name), output);
        }

        if (!session.IsAuthenticated)
        {
            reply.Error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"u8);
            return CommandOutcome.Continue;
        }

        session.RespVersion = version;
        if (name is not null)
        {
            session.ClientName = name;
        }

        WriteHello(session, new ReplyWriter(output, request.Format, version));
        return CommandOutcome.Continue;
    }

    private static void WriteHello(Session session, ReplyWriter reply)
    {
        reply.MapHeader(7);
        reply.Value("server"u8);
        reply.Value("redis"u8);
        reply.Value("version"u8);
        reply.Value(Encoding.ASCII.GetBytes(InfoReport.CompatibleRedisVersion));
        reply.Value("proto"u8);
        reply.Integer(session.RespVersion);
        reply.Value("id"u8);
        reply.Integer(session.ClientId);
        reply.Value("mode"u8);
        reply.Value("standalone"u8);
        reply.Value("role"u8);
        reply.Value("master"u8);
        reply.Value("modules"u8);
        reply.ArrayHeader(0);
    }

    private static void CryptoClear(byte[]? bytes)
    {
        if (bytes is not null)
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
