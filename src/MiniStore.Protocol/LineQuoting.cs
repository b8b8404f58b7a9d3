using System.Buffers;

namespace MiniStore.Protocol;

/// <summary>
/// The quoting of the line protocol (protocol.md A.1, A.2), for both directions: the server quotes reply values,
/// the client quotes request arguments and unquotes reply lines. Quoted text uses the escapes of A.1 and
/// <c>\xHH</c> for any other control byte, so it is always one line and unquoting gives the exact bytes back.
/// </summary>
public static class LineQuoting
{
    private static readonly SearchValues<byte> ControlBytes = SearchValues.Create(ControlByteList());

    // Bytes that cannot stand for themselves between double quotes.
    private static readonly SearchValues<byte> EscapedBytes = SearchValues.Create([.. ControlByteList(), (byte)'"', (byte)'\\']);

    // Bytes that stop an argument from being sent unquoted: they would split it, end the line or open a quote.
    private static readonly SearchValues<byte> ArgumentBreakers = SearchValues.Create([.. ControlByteList(), (byte)' ', (byte)'"', (byte)'\'']);

    /// <summary>
    /// Whether a reply value must be quoted (A.2): it is empty, holds a byte below 0x20 or 0x7F, starts with a
    /// quote or with <c>*</c> (which would read as an array header, v2), equals <c>(nil)</c> or starts with <c>ERR</c>.
    /// </summary>
    public static bool ValueNeedsQuoting(ReadOnlySpan<byte> value) =>
        value.IsEmpty
        || value[0] is (byte)'"' or (byte)'\'' or (byte)'*'
        || value.ContainsAny(ControlBytes)
        || value.StartsWith("ERR"u8)
        || value.SequenceEqual("(nil)"u8);

    /// <summary>
    /// Whether a request argument must be quoted to reach the server as one token: it is empty, or holds a blank,
    /// a control byte or a quote (a quote inside a token is literal here, but not to every tokenizer).
    /// </summary>
    public static bool ArgumentNeedsQuoting(ReadOnlySpan<byte> argument) =>
        argument.IsEmpty || argument.ContainsAny(ArgumentBreakers);

    /// <summary>Writes a reply value raw or quoted as A.2 says, without the line ending.</summary>
    public static void WriteValue(ReadOnlySpan<byte> value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (ValueNeedsQuoting(value))
        {
            WriteQuoted(value, output);
        }
        else
        {
            output.Write(value);
        }
    }

    /// <summary>Writes a request argument raw, or double-quoted if it needs quoting; no separator.</summary>
    public static void WriteArgument(ReadOnlySpan<byte> argument, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (ArgumentNeedsQuoting(argument))
        {
            WriteQuoted(argument, output);
        }
        else
        {
            output.Write(argument);
        }
    }

    /// <summary>Writes <paramref name="value"/> between double quotes, escaped; no line ending.</summary>
    public static void WriteQuoted(ReadOnlySpan<byte> value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteByte(output, (byte)'"');
        while (!value.IsEmpty)
        {
            var run = value.IndexOfAny(EscapedBytes);
            if (run < 0)
            {
                run = value.Length;
            }

            output.Write(value[..run]);
            if (run == value.Length)
            {
                break;
            }

            var span = output.GetSpan(4);
            output.Advance(WriteEscape(value[run], span));
            value = value[(run + 1)..];
        }

        WriteByte(output, (byte)'"');
    }

    /// <summary>
    /// Reads a reply line (without its <c>\n</c>) back into the bytes it stands for: a line that starts with a
    /// quote is unquoted, and must end with its closing quote; any other line stands for itself.
    /// </summary>
    /// <returns>False, writing nothing, if the line is badly quoted.</returns>
    public static bool TryUnquote(ReadOnlySpan<byte> line, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(Math.Max(line.Length, 1));
        if (!TryUnquote(line, span, out var written))
        {
            return false;
        }

        output.Advance(written);
        return true;
    }

    /// <summary>As <see cref="TryUnquote(ReadOnlySpan{byte}, IBufferWriter{byte})"/>, into a span; never needs more than <c>line.Length</c> bytes.</summary>
    public static bool TryUnquote(ReadOnlySpan<byte> line, Span<byte> destination, out int written)
    {
        written = 0;
        if (line.IsEmpty || line[0] is not ((byte)'"' or (byte)'\''))
        {
            if (!line.TryCopyTo(destination))
            {
                return false;
            }

            written = line.Length;
            return true;
        }

        var quote = line[0];
        var w = 0;
        for (var i = 1; i < line.Length; i++)
        {
            var b = line[i];
            if (b == quote)
            {
                // The closing quote must end the line.
                if (i != line.Length - 1)
                {
                    return false;
                }

                written = w;
                return true;
            }

            if (b == '\\' && i + 1 < line.Length)
            {
                if (quote == '"')
                {
                    i += LineTokenizer.Unescape(line[(i + 1)..], out b);
                }
                else if (line[i + 1] == '\'')
                {
                    b = (byte)'\'';
                    i++;
                }
            }

            if (w == destination.Length)
            {
                return false;
            }

            destination[w++] = b;
        }

        return false;
    }

    private static int WriteEscape(byte b, Span<byte> span)
    {
        span[0] = (byte)'\\';
        byte simple = b switch
        {
            (byte)'"' => (byte)'"',
            (byte)'\\' => (byte)'\\',
            (byte)'\n' => (byte)'n',
            (byte)'\r' => (byte)'r',
            (byte)'\t' => (byte)'t',
            (byte)'\b' => (byte)'b',
            (byte)'\a' => (byte)'a',
            0 => (byte)'0',
            _ => 0,
        };
        if (simple != 0)
        {
            span[1] = simple;
            return 2;
        }

        span[1] = (byte)'x';
        span[2] = HexDigit(b >> 4);
        span[3] = HexDigit(b & 0xF);
        return 4;
    }

    private static byte HexDigit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    private static void WriteByte(IBufferWriter<byte> output, byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }

    private static byte[] ControlByteList()
    {
        var list = new byte[0x21];
        for (var i = 0; i < 0x20; i++)
        {
            list[i] = (byte)i;
        }

        list[0x20] = 0x7F;
        return list;
    }
}
