using System.Buffers;
using System.Text;
using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>
/// Error and status texts, one per wire format: the line protocol's own (protocol.md A), and Redis's exact
/// texts for RESP (protocol.md B) because clients match on them.
/// </summary>
internal static class ErrorReplies
{
    public static void WrongArity(ReplyWriter reply, in Request request)
    {
        if (request.Format == WireFormat.Line)
        {
            reply.Error("ERR: invalid arguments"u8);
            return;
        }

        reply.Error(Compose($"ERR wrong number of arguments for '{Lower(request.Name)}' command"));
    }

    public static void Syntax(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: syntax error"u8 : "ERR syntax error"u8);

    public static void InvalidExpireTime(ReplyWriter reply, in Request request)
    {
        if (request.Format == WireFormat.Line)
        {
            reply.Error("ERR: invalid expire time"u8);
            return;
        }

        reply.Error(Compose($"ERR invalid expire time in '{Lower(request.Name)}' command"));
    }

    /// <summary>protocol.md v2 C: the key holds another type.</summary>
    public static void WrongType(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: wrong type"u8 : "WRONGTYPE Operation against a key holding the wrong kind of value"u8);

    public static void NotAnInteger(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: not an integer"u8 : "ERR value is not an integer or out of range"u8);

    public static void NotAFloat(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: not a float"u8 : "ERR value is not a valid float"u8);

    public static void Overflow(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: overflow"u8 : "ERR increment or decrement would overflow"u8);

    public static void NoSuchKey(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: no such key"u8 : "ERR no such key"u8);

    public static void IndexOutOfRange(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: index out of range"u8 : "ERR index out of range"u8);

    /// <summary>Redis 7 names a subcommand <c>container|sub</c> in its arity error.</summary>
    public static void WrongSubcommandArity(ReplyWriter reply, WireFormat format, string container, string sub) =>
        reply.Error(format == WireFormat.Line ? "ERR: invalid arguments"u8 : Compose($"ERR wrong number of arguments for '{container}|{sub}' command"));

    public static void UnknownSubcommand(ReplyWriter reply, WireFormat format, string container, ReadOnlySpan<byte> sub) =>
        reply.Error(Compose(format == WireFormat.Line
            ? $"ERR: unknown subcommand '{Printable(sub)}'"
            : $"ERR unknown subcommand '{Printable(sub)}'. Try {container} HELP."));

    public static void OutOfMemory(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: out of memory"u8 : "OOM command not allowed when used memory > 'maxmemory'."u8);

    public static void InvalidPassword(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: invalid password"u8 : "WRONGPASS invalid username-password pair or user is disabled."u8);

    public static void Unauthorized(ReplyWriter reply, WireFormat format)
    {
        if (format == WireFormat.Line)
        {
            reply.Status("Unauthorized"u8);
        }
        else
        {
            reply.Error("NOAUTH Authentication required."u8);
        }
    }

    public static void TooLarge(ReplyWriter reply, WireFormat format) =>
        reply.Error(format == WireFormat.Line ? "ERR: request too large"u8 : "ERR Protocol error: request too large"u8);

    public static void Protocol(ReplyWriter reply, WireFormat format, in ProtocolError error) =>
        reply.Error(Compose(format == WireFormat.Line ? $"ERR: {error.Message}" : $"ERR Protocol error: {error.Message}"));

    public static void UnknownCommand(ReplyWriter reply, in Request request)
    {
        if (request.Format == WireFormat.Line)
        {
            reply.Error(Compose($"ERR: unknown command '{Printable(request.Name)}'"));
            return;
        }

        // Exactly Redis 7.0's text: the name and each argument are C strings (cut at a NUL), the name at most 128
        // bytes, and arguments are added while the list is under 128 bytes, each cut to what is left of those 128.
        // Other bytes pass through; ReplyWriter turns CR and LF into spaces, as Redis does.
        var text = new ArrayBufferWriter<byte>(256);
        text.Write("ERR unknown command '"u8);
        var name = CString(request.Name);
        text.Write(name[..Math.Min(name.Length, 128)]);
        text.Write("', with args beginning with: "u8);
        var listed = 0;
        for (var i = 0; i < request.ArgumentCount && listed < 128; i++)
        {
            var argument = CString(request[i]);
            argument = argument[..Math.Min(argument.Length, 128 - listed)];
            text.Write("'"u8);
            text.Write(argument);
            text.Write("' "u8);
            listed += argument.Length + 3;
        }

        reply.Error(text.WrittenSpan);
    }

    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> bytes)
    {
        var nul = bytes.IndexOf((byte)0);
        return nul < 0 ? bytes : bytes[..nul];
    }

    /// <summary>Rare paths only: these texts carry client bytes, so they are built, not preallocated.</summary>
    private static byte[] Compose(string text) => Encoding.UTF8.GetBytes(text);

    private static string Lower(ReadOnlySpan<byte> name) => Printable(name).ToLowerInvariant();

    /// <summary>Client bytes inside an error line: printable ASCII kept, the rest shown as '?', at most 128 of them.</summary>
    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var length = Math.Min(bytes.Length, 128);
        return string.Create(length, bytes[..length].ToArray(), static (chars, source) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                var b = source[i];
                chars[i] = b is >= 0x20 and < 0x7F and not (byte)'\'' ? (char)b : '?';
            }
        });
    }
}
