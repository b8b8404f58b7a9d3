using System.Buffers.Text;

namespace MiniStore.Persistence.Encodings;

/// <summary>Integers as Redis's compact encodings store them, and the decimal text a value reads back as.</summary>
internal static class IntegerText
{
    /// <summary>
    /// Whether <paramref name="text"/> is exactly the decimal text of a 64-bit integer (Redis's string2ll: no sign but
    /// '-', no leading zeros, no spaces, "-0" excluded), so it may be stored as that integer and read back byte for byte.
    /// </summary>
    public static bool TryParseCanonical(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.Length is 0 or > 20)
        {
            return false;
        }

        if (text.Length == 1 && text[0] == '0')
        {
            return true;
        }

        var negative = text[0] == '-';
        var digits = negative ? text[1..] : text;
        if (digits.Length == 0 || digits[0] is < (byte)'1' or > (byte)'9')
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
    }

    public static byte[] ToBytes(long value)
    {
        Span<byte> buffer = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, buffer, out var written);
        return buffer[..written].ToArray();
    }

    public static byte[] ToBytes(ulong value)
    {
        Span<byte> buffer = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, buffer, out var written);
        return buffer[..written].ToArray();
    }
}
