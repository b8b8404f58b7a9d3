using System.Globalization;
using System.Text;

namespace MiniStore.Server.Tests.Support;

/// <summary>
/// Finds where one complete RESP reply ends, without decoding it, so a reply can be kept as its exact bytes. Knows
/// every RESP2 type and the RESP3 ones (null, double, boolean, big number, verbatim, map, set, push, attribute).
/// </summary>
public static class RespFrame
{
    /// <summary>
    /// The length of the complete reply at the start of <paramref name="buffer"/>; false if more bytes are needed.
    /// Throws <see cref="InvalidDataException"/> on bytes that are not RESP.
    /// </summary>
    public static bool TryMeasure(ReadOnlySpan<byte> buffer, out int length)
    {
        length = 0;
        var position = 0;
        if (!TrySkip(buffer, ref position))
        {
            return false;
        }

        length = position;
        return true;
    }

    /// <summary>Renders bytes as a C-style quoted string (<c>"$3\r\nfoo\r\n"</c>), printable ASCII as is.</summary>
    public static string Escape(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length + 2);
        text.Append('"');
        foreach (var b in bytes)
        {
            text.Append(b switch
            {
                (byte)'\r' => "\\r",
                (byte)'\n' => "\\n",
                (byte)'\t' => "\\t",
                (byte)'"' => "\\\"",
                (byte)'\\' => "\\\\",
                >= 0x20 and < 0x7F => ((char)b).ToString(),
                _ => string.Create(CultureInfo.InvariantCulture, $"\\x{b:x2}"),
            });
        }

        return text.Append('"').ToString();
    }

    private static bool TrySkip(ReadOnlySpan<byte> buffer, ref int position)
    {
        if (!TryReadLine(buffer, ref position, out var type, out var header))
        {
            return false;
        }

        switch (type)
        {
            case (byte)'+' or (byte)'-' or (byte)':' or (byte)'_' or (byte)',' or (byte)'#' or (byte)'(':
                return true;
            case (byte)'$' or (byte)'!' or (byte)'=':
                var size = ParseCount(header, type);
                if (size < 0)
                {
                    return true;
                }

                if (buffer.Length - position < size + 2)
                {
                    return false;
                }

                if (buffer[position + (int)size] != '\r' || buffer[position + (int)size + 1] != '\n')
                {
                    throw new InvalidDataException($"bulk reply not followed by CRLF: {Escape(buffer[..Math.Min(buffer.Length, position + (int)size + 2)])}");
                }

                position += (int)size + 2;
                return true;
            case (byte)'*' or (byte)'~' or (byte)'>' or (byte)'%' or (byte)'|':
                var count = ParseCount(header, type);
                var elements = type is (byte)'%' or (byte)'|' ? count * 2 : count;

                // An attribute annotates the reply that follows it; both make one reply.
                elements += type == '|' ? 1 : 0;
                for (var i = 0L; i < elements; i++)
                {
                    if (!TrySkip(buffer, ref position))
                    {
                        return false;
                    }
                }

                return true;
            default:
                throw new InvalidDataException($"not a RESP reply: {Escape(buffer[..Math.Min(buffer.Length, 64)])}");
        }
    }

    private static bool TryReadLine(ReadOnlySpan<byte> buffer, ref int position, out byte type, out ReadOnlySpan<byte> header)
    {
        type = 0;
        header = default;
        var end = buffer[position..].IndexOf("\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        if (end == 0)
        {
            throw new InvalidDataException("an empty line where a RESP reply should start");
        }

        type = buffer[position];
        header = buffer.Slice(position + 1, end - 1);
        position += end + 2;
        return true;
    }

    private static long ParseCount(ReadOnlySpan<byte> header, byte type)
    {
        if (!long.TryParse(header, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count) || count < -1 || count > int.MaxValue)
        {
            throw new InvalidDataException($"bad length in a '{(char)type}' reply: {Escape(header)}");
        }

        return count;
    }
}
