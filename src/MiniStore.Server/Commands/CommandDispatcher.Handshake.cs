using System.Buffers;
using System.Text;
using MiniStore.Protocol;
using MiniStore.Server.Connections;

namespace MiniStore.Server.Commands;

/// <summary>
/// The commands Redis clients and tools send to probe and configure a connection (protocol.md B): HELLO,
/// AUTH, SELECT, ECHO, CLIENT, COMMAND, CONFIG. Answered in the request's format; none touches the keyspace.
/// </summary>
internal sealed partial class CommandDispatcher
{
    private CommandOutcome ExecuteHandshake(in Request request, Session session, ReplyWriter reply, IBufferWriter<byte> output)
    {
        switch (request.Command)
        {
            case CommandId.Auth:
                return BeginAuthentication(request, session, reply, output);
            case CommandId.Hello:
                return Hello(request, session, reply, output);
            case CommandId.Echo:
                reply.Value(request[0]);
                break;
            case CommandId.Select:
                if (request[0].SequenceEqual("0"u8))
                {
                    reply.Ok();
                }
                else if (!CommandSyntax.TryParseInt64(request[0], out _))
                {
                    ErrorReplies.NotAnInteger(reply, request.Format);
                }
                else
                {
                    reply.Error(request.Format == WireFormat.Line ? "ERR: DB index is out of range"u8 : "ERR DB index is out of range"u8);
                }

                break;
            case CommandId.Command:
                Command(request, session, reply);
                break;
            case CommandId.Config:
                Config(request, session, reply);
                break;
            default:
                ErrorReplies.UnknownCommand(reply, request);
                break;
        }

        return CommandOutcome.Continue;
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

    /// <summary>The subset of Redis glob patterns CONFIG GET needs: '*' and '?'.</summary>
    internal static bool GlobMatches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        if (pattern.IsEmpty)
        {
            return text.IsEmpty;
        }

        if (pattern[0] == '*')
        {
            for (var i = 0; i <= text.Length; i++)
            {
                if (GlobMatches(pattern[1..], text[i..]))
                {
                    return true;
                }
            }

            return false;
        }

        return !text.IsEmpty && (pattern[0] == '?' || pattern[0] == text[0]) && GlobMatches(pattern[1..], text[1..]);
    }

    private static void CryptoClear(byte[]? bytes)
    {
        if (bytes is not null)
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
