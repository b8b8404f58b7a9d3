using System.Globalization;

namespace MiniStore.Protocol;

/// <summary>
/// Doubles as Redis 7.0 reads and writes them (sorted set scores): parsing follows C's <c>strtod</c> (decimal, hex,
/// <c>inf</c>/<c>infinity</c>, <c>nan</c>, leading blanks) with Redis's checks on top, and formatting is C's
/// <c>%.17g</c> (<c>0.1</c> → <c>0.10000000000000001</c>, <c>1e17</c> → <c>1e+17</c>, <c>inf</c>, <c>-inf</c>).
/// </summary>
public static class FloatText
{
    /// <summary>The longest text <see cref="Format"/> writes.</summary>
    public const int MaxLength = 32;

    /// <summary>
    /// Redis's <c>getDoubleFromObject</c> (ZADD scores, ZINCRBY increments, WEIGHTS): the whole text must be a number,
    /// no leading blank, no overflow to infinity or underflow to 0 (an explicit <c>inf</c> is fine), never NaN.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IsEmpty || IsSpace(text[0]))
        {
            return false;
        }

        if (!StrToD(text, out value, out var consumed, out var rangeError) || consumed != text.Length)
        {
            return false;
        }

        return !rangeError && !double.IsNaN(value);
    }

    /// <summary>
    /// A score range bound after its <c>(</c> (Redis's <c>zslParseRange</c>): <c>strtod</c> up to the end of the text (a
    /// NUL ends it, as in C), leading blanks and an empty text (0) allowed, overflow gives infinity, never NaN.
    /// </summary>
    public static bool TryParseBound(ReadOnlySpan<byte> text, out double value)
    {
        var nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            text = text[..nul];
        }

        StrToD(text, out value, out var consumed, out _);
        return consumed == text.Length && !double.IsNaN(value);
    }

    /// <summary>Writes <paramref name="value"/> as <c>%.17g</c> (inf as <c>inf</c>/<c>-inf</c>); returns the length.</summary>
    public static int Format(double value, Span<byte> destination)
    {
        if (double.IsPositiveInfinity(value))
        {
            return Copy("inf"u8, destination);
        }

        if (double.IsNegativeInfinity(value))
        {
            return Copy("-inf"u8, destination);
        }

        if (double.IsNaN(value))
        {
            return Copy("nan"u8, destination);
        }

        Span<char> chars = stackalloc char[40];
        value.TryFormat(chars, out var written, "E16", CultureInfo.InvariantCulture);
        ReadOnlySpan<char> text = chars[..written];
        var length = 0;
        if (text[0] == '-')
        {
            destination[length++] = (byte)'-';
            text = text[1..];
        }

        // text: d.ddddddddddddddddE+ddd
        Span<byte> digits = stackalloc byte[17];
        digits[0] = (byte)text[0];
        for (var i = 0; i < 16; i++)
        {
            digits[i + 1] = (byte)text[2 + i];
        }

        var exponent = int.Parse(text[19..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var significant = 17;
        while (significant > 1 && digits[significant - 1] == '0')
        {
            significant--;
        }

        if (value == 0)
        {
            destination[length++] = (byte)'0';
            return length;
        }

        if (exponent < -4 || exponent >= 17)
        {
            destination[length++] = digits[0];
            if (significant > 1)
            {
                destination[length++] = (byte)'.';
                for (var i = 1; i < significant; i++)
                {
                    destination[length++] = digits[i];
                }
            }

            destination[length++] = (byte)'e';
            destination[length++] = exponent < 0 ? (byte)'-' : (byte)'+';
            var magnitude = Math.Abs(exponent);
            if (magnitude >= 100)
            {
                destination[length++] = (byte)('0' + magnitude / 100);
            }

            destination[length++] = (byte)('0' + magnitude / 10 % 10);
            destination[length++] = (byte)('0' + magnitude % 10);
            return length;
        }

        if (exponent < 0)
        {
            destination[length++] = (byte)'0';
            destination[length++] = (byte)'.';
            for (var i = exponent + 1; i < 0; i++)
            {
                destination[length++] = (byte)'0';
            }

            for (var i = 0; i < significant; i++)
            {
                destination[length++] = digits[i];
            }

            return length;
        }

        for (var i = 0; i <= exponent; i++)
        {
            destination[length++] = digits[i];
        }

        if (significant > exponent + 1)
        {
            destination[length++] = (byte)'.';
            for (var i = exponent + 1; i < significant; i++)
            {
                destination[length++] = digits[i];
            }
        }

        return length;
    }

    /// <summary>The text <see cref="Format"/> writes, as a string (tests, docs).</summary>
    public static string ToText(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        var length = Format(value, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..length]);
    }

    /// <summary>
    /// C's <c>strtod</c> on a byte string: the longest prefix that is a number; <paramref name="consumed"/> 0 (and false)
    /// when there is none. <paramref name="rangeError"/> is <c>ERANGE</c>: overflow to infinity or underflow to 0.
    /// </summary>
    public static bool StrToD(ReadOnlySpan<byte> text, out double value, out int consumed, out bool rangeError)
    {
        value = 0;
        consumed = 0;
        rangeError = false;
        var i = 0;
        while (i < text.Length && IsSpace(text[i]))
        {
            i++;
        }

        var negative = false;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            negative = text[i] == '-';
            i++;
        }

        var rest = text[i..];
        if (StartsWithIgnoreCase(rest, "inf"u8))
        {
            consumed = i + (StartsWithIgnoreCase(rest, "infinity"u8) ? 8 : 3);
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (StartsWithIgnoreCase(rest, "nan"u8))
        {
            consumed = i + 3;
            if (rest.Length > 3 && rest[3] == '(')
            {
                var j = 4;
                while (j < rest.Length && (char.IsAsciiLetterOrDigit((char)rest[j]) || rest[j] == '_'))
                {
                    j++;
                }

                if (j < rest.Length && rest[j] == ')')
                {
                    consumed = i + j + 1;
                }
            }

            value = double.NaN;
            return true;
        }

        if (rest.Length >= 3 && rest[0] == '0' && (rest[1] | 0x20) == 'x' && (IsHex(rest[2]) || (rest[2] == '.' && rest.Length > 3 && IsHex(rest[3]))))
        {
            var length = ParseHex(rest[2..], out var magnitude);
            consumed = i + 2 + length;
            value = negative ? -magnitude : magnitude;
            rangeError = double.IsInfinity(magnitude);
            return true;
        }

        var start = i;
        var intDigits = 0;
        var fracDigits = 0;
        var nonZero = false;
        while (i < text.Length && char.IsAsciiDigit((char)text[i]))
        {
            nonZero |= text[i] != '0';
            i++;
            intDigits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            var j = i + 1;
            while (j < text.Length && char.IsAsciiDigit((char)text[j]))
            {
                nonZero |= text[j] != '0';
                j++;
                fracDigits++;
            }

            if (intDigits + fracDigits > 0)
            {
                i = j;
            }
        }

        if (intDigits + fracDigits == 0)
        {
            return false;
        }

        if (i < text.Length && (text[i] | 0x20) == 'e')
        {
            var j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-'))
            {
                j++;
            }

            if (j < text.Length && char.IsAsciiDigit((char)text[j]))
            {
                while (j < text.Length && char.IsAsciiDigit((char)text[j]))
                {
                    j++;
                }

                i = j;
            }
        }

        var number = text[start..i];
        Span<char> chars = number.Length <= 256 ? stackalloc char[number.Length] : new char[number.Length];
        for (var k = 0; k < number.Length; k++)
        {
            chars[k] = (char)number[k];
        }

        var parsed = double.Parse(chars, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        rangeError = double.IsInfinity(parsed) || (parsed == 0 && nonZero);
        value = negative ? -parsed : parsed;
        consumed = i;
        return true;
    }

    private static int ParseHex(ReadOnlySpan<byte> text, out double value)
    {
        double mantissa = 0;
        var scale = 0;
        var i = 0;
        while (i < text.Length && IsHex(text[i]))
        {
            mantissa = mantissa * 16 + HexValue(text[i]);
            i++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && IsHex(text[i]))
            {
                mantissa = mantissa * 16 + HexValue(text[i]);
                scale -= 4;
                i++;
            }
        }

        if (i < text.Length && (text[i] | 0x20) == 'p')
        {
            var j = i + 1;
            var negative = false;
            if (j < text.Length && (text[j] == '+' || text[j] == '-'))
            {
                negative = text[j] == '-';
                j++;
            }

            if (j < text.Length && char.IsAsciiDigit((char)text[j]))
            {
                var exponent = 0;
                while (j < text.Length && char.IsAsciiDigit((char)text[j]))
                {
                    exponent = Math.Min(exponent * 10 + (text[j] - '0'), 100_000);
                    j++;
                }

                scale += negative ? -exponent : exponent;
                i = j;
            }
        }

        value = Math.ScaleB(mantissa, scale);
        return i;
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lower)
    {
        if (text.Length < lower.Length)
        {
            return false;
        }

        for (var i = 0; i < lower.Length; i++)
        {
            if ((text[i] | 0x20) != lower[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
