using System.Numerics;
using System.Text;

namespace MiniStore.Server.Commands;

/// <summary>
/// The x87 80-bit <c>long double</c> redis-server 7.0 computes INCRBYFLOAT in (on x86-64), emulated exactly: a sign,
/// a 64-bit significand and a binary exponent, parsed as glibc's <c>strtold</c> (round to nearest), added with one
/// correct rounding, and printed as <c>"%.17Lf"</c> with the trailing zeros trimmed (Redis's <c>ld2string</c>, human
/// mode). So the reply and the stored text are byte for byte redis-server's.
/// </summary>
internal readonly struct ExtendedFloat
{
    /// <summary>Redis's <c>MAX_LONG_DOUBLE_CHARS</c>: a longer text is not a float.</summary>
    private const int MaxChars = 5 * 1024;

    private const int SignificandBits = 64;

    // The lowest exponent of a significand's last bit: the smallest subnormal is 2^-16445.
    private const int MinExponent = -16445;

    // Values at or above 2^16384 overflow to infinity.
    private const int MaxBitLength = 16384;

    private static readonly BigInteger Scale = BigInteger.Pow(10, 17);

    private ExtendedFloat(bool negative, BigInteger significand, int exponent, bool infinite)
    {
        Negative = negative;
        Significand = significand;
        Exponent = exponent;
        IsInfinite = infinite;
    }

    /// <summary>The value is (-1)^Negative × Significand × 2^Exponent, or ±infinity.</summary>
    public bool Negative { get; }

    public BigInteger Significand { get; }

    public int Exponent { get; }

    public bool IsInfinite { get; }

    public static ExtendedFloat Zero => default;

    /// <summary>
    /// Redis's <c>string2ld</c>: the whole text must be what <c>strtold</c> reads (no leading space, nothing after, no
    /// NUL byte), and neither NaN nor an overflow or underflow to zero.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out ExtendedFloat value)
    {
        value = default;
        if (text.IsEmpty || text.Length >= MaxChars)
        {
            return false;
        }

        var negative = false;
        var i = 0;
        if (text[0] is (byte)'+' or (byte)'-')
        {
            negative = text[0] == '-';
            i = 1;
        }

        var rest = text[i..];
        if (EqualsIgnoreCase(rest, "inf"u8) || EqualsIgnoreCase(rest, "infinity"u8))
        {
            value = new ExtendedFloat(negative, BigInteger.Zero, 0, infinite: true);
            return true;
        }

        if (rest.Length >= 2 && rest[0] == '0' && (rest[1] | 0x20) == 'x')
        {
            return TryParseHex(negative, rest[2..], out value);
        }

        return TryParseDecimal(negative, rest, out value);
    }

    /// <summary>The sum, correctly rounded; infinite when either side is or the sum overflows.</summary>
    public static ExtendedFloat Add(in ExtendedFloat a, in ExtendedFloat b)
    {
        if (a.IsInfinite || b.IsInfinite)
        {
            return new ExtendedFloat(a.IsInfinite ? a.Negative : b.Negative, BigInteger.Zero, 0, infinite: true);
        }

        if (a.Significand.IsZero)
        {
            return b.Significand.IsZero ? new ExtendedFloat(a.Negative && b.Negative, BigInteger.Zero, 0, false) : b;
        }

        if (b.Significand.IsZero)
        {
            return a;
        }

        var exponent = Math.Min(a.Exponent, b.Exponent);
        var left = a.Significand << (a.Exponent - exponent);
        var right = b.Significand << (b.Exponent - exponent);
        var sum = (a.Negative ? -left : left) + (b.Negative ? -right : right);
        if (sum.IsZero)
        {
            return Zero;
        }

        Round(BigInteger.Abs(sum), BigInteger.One, exponent, out var result, sum.Sign < 0);
        return result;
    }

    /// <summary><c>"%.17Lf"</c>, trailing zeros and a trailing dot removed, and "-0" written "0".</summary>
    public byte[] Format()
    {
        BigInteger scaled;
        if (Exponent >= 0)
        {
            scaled = (Significand << Exponent) * Scale;
        }
        else
        {
            var numerator = Significand * Scale;
            var shift = -Exponent;
            scaled = numerator >> shift;
            var remainder = numerator - (scaled << shift);
            var half = BigInteger.One << (shift - 1);
            var comparison = remainder.CompareTo(half);
            if (comparison > 0 || (comparison == 0 && !scaled.IsEven))
            {
                scaled += 1;
            }
        }

        var digits = scaled.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (digits.Length <= 17)
        {
            digits = digits.PadLeft(18, '0');
        }

        var whole = digits[..^17];
        var fraction = digits[^17..].TrimEnd('0');
        var text = fraction.Length == 0 ? whole : $"{whole}.{fraction}";
        if (Negative && text != "0")
        {
            text = "-" + text;
        }

        return Encoding.ASCII.GetBytes(text);
    }

    private static bool TryParseDecimal(bool negative, ReadOnlySpan<byte> text, out ExtendedFloat value)
    {
        value = default;
        var i = 0;
        var digits = new StringBuilder();
        var sawDigit = false;
        var fractionDigits = 0;
        while (i < text.Length && IsDigit(text[i]))
        {
            digits.Append((char)text[i++]);
            sawDigit = true;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && IsDigit(text[i]))
            {
                digits.Append((char)text[i++]);
                fractionDigits++;
                sawDigit = true;
            }
        }

        if (!sawDigit)
        {
            return false;
        }

        long exponent = 0;
        if (i < text.Length && (text[i] | 0x20) == 'e')
        {
            if (!TryParseExponent(text[(i + 1)..], out exponent))
            {
                return false;
            }

            i = text.Length;
        }

        if (i != text.Length)
        {
            return false;
        }

        var significand = BigInteger.Parse(digits.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        if (significand.IsZero)
        {
            value = new ExtendedFloat(negative, BigInteger.Zero, 0, false);
            return true;
        }

        var power = exponent - fractionDigits;
        var magnitude = power + significand.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;

        // Beyond these the value overflows (above ~1.19e4932) or underflows to zero (below ~3.6e-4951): not a float.
        if (magnitude > 4934 || magnitude < -4952)
        {
            return false;
        }

        var numerator = power >= 0 ? significand * BigInteger.Pow(10, (int)power) : significand;
        var denominator = power >= 0 ? BigInteger.One : BigInteger.Pow(10, (int)-power);
        return Round(numerator, denominator, 0, out value, negative);
    }

    private static bool TryParseHex(bool negative, ReadOnlySpan<byte> text, out ExtendedFloat value)
    {
        value = default;
        var i = 0;
        var significand = BigInteger.Zero;
        var sawDigit = false;
        long exponent = 0;
        while (i < text.Length && HexValue(text[i]) >= 0)
        {
            significand = (significand << 4) + HexValue(text[i++]);
            sawDigit = true;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && HexValue(text[i]) >= 0)
            {
                significand = (significand << 4) + HexValue(text[i++]);
                exponent -= 4;
                sawDigit = true;
            }
        }

        if (!sawDigit)
        {
            return false;
        }

        if (i < text.Length && (text[i] | 0x20) == 'p')
        {
            if (!TryParseExponent(text[(i + 1)..], out var binary))
            {
                return false;
            }

            exponent += binary;
            i = text.Length;
        }

        if (i != text.Length)
        {
            return false;
        }

        if (significand.IsZero)
        {
            value = new ExtendedFloat(negative, BigInteger.Zero, 0, false);
            return true;
        }

        var magnitude = exponent + (long)significand.GetBitLength();
        if (magnitude > MaxBitLength + 1 || magnitude < MinExponent - 2)
        {
            return false;
        }

        return Round(significand, BigInteger.One, (int)exponent, out value, negative);
    }

    /// <summary>An exponent's digits, sign allowed; clamped (a huge one only says overflow or underflow).</summary>
    private static bool TryParseExponent(ReadOnlySpan<byte> text, out long exponent)
    {
        exponent = 0;
        var negative = false;
        if (!text.IsEmpty && text[0] is (byte)'+' or (byte)'-')
        {
            negative = text[0] == '-';
            text = text[1..];
        }

        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (!IsDigit(b))
            {
                return false;
            }

            exponent = Math.Min((exponent * 10) + (b - '0'), 1_000_000);
        }

        if (negative)
        {
            exponent = -exponent;
        }

        return true;
    }

    /// <summary>
    /// Rounds numerator / denominator × 2^exponent (positive) to 64 significant bits, half to even, subnormals
    /// included; false when it overflows or underflows to zero (an infinite result is still returned).
    /// </summary>
    private static bool Round(BigInteger numerator, BigInteger denominator, int exponent, out ExtendedFloat value, bool negative)
    {
        // Choose the shift so that the quotient has 64 bits (or one more, fixed below).
        var shift = (long)numerator.GetBitLength() - (long)denominator.GetBitLength() - SignificandBits + exponent;
        if (shift < MinExponent)
        {
            shift = MinExponent;
        }

        var (quotient, remainder, divisor) = Divide(numerator, denominator, exponent, shift);
        if (quotient.GetBitLength() > SignificandBits)
        {
            shift++;
            (quotient, remainder, divisor) = Divide(numerator, denominator, exponent, shift);
        }

        var comparison = (remainder << 1).CompareTo(divisor);
        if (comparison > 0 || (comparison == 0 && !quotient.IsEven))
        {
            quotient += 1;
            if (quotient.GetBitLength() > SignificandBits)
            {
                quotient >>= 1;
                shift++;
            }
        }

        if (quotient.IsZero)
        {
            value = new ExtendedFloat(negative, BigInteger.Zero, 0, false);
            return false;
        }

        if (shift + SignificandBits > MaxBitLength)
        {
            value = new ExtendedFloat(negative, BigInteger.Zero, 0, infinite: true);
            return false;
        }

        value = new ExtendedFloat(negative, quotient, (int)shift, false);
        return true;
    }

    /// <summary>numerator / denominator × 2^(exponent - shift): quotient, remainder and the divisor they are of.</summary>
    private static (BigInteger Quotient, BigInteger Remainder, BigInteger Divisor) Divide(BigInteger numerator, BigInteger denominator, int exponent, long shift)
    {
        var net = exponent - shift;
        if (net >= 0)
        {
            numerator <<= (int)net;
        }
        else
        {
            denominator <<= (int)-net;
        }

        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        return (quotient, remainder, denominator);
    }

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lower)
    {
        if (text.Length != lower.Length)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if ((text[i] | 0x20) != lower[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
