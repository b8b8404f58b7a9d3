using System.Numerics;
using System.Text;

namespace MiniStore.Server.Commands;

/// <summary>
/// Redis's <c>long double</c> on x86-64 (the x87 80-bit format: a 64-bit significand, exponents to ±16383), done
/// exactly in software so HINCRBYFLOAT gives redis-server's bytes: <c>strtold</c> as Redis's <c>string2ld</c> calls
/// it (correctly rounded, half to even; hex and <c>inf</c> taken; NaN, blanks in front, trailing bytes, a NUL and
/// overflow refused), addition rounded once, and <c>"%.17Lf"</c> with trailing zeros trimmed (<c>ld2string</c>,
/// LD_STR_HUMAN). Value = ±<see cref="_significand"/> × 2^<see cref="_exponent"/>.
/// </summary>
internal readonly struct ExtendedFloat
{
    /// <summary>Redis's MAX_LONG_DOUBLE_CHARS: a text of this many bytes or more is not a float.</summary>
    private const int MaxChars = 5 * 1024;

    private const int Precision = 64;

    /// <summary>The smallest exponent of the last significand bit (the smallest subnormal is 2^-16445).</summary>
    private const int MinExponent = -16445;

    private readonly BigInteger _significand;
    private readonly int _exponent;
    private readonly Kind _kind;

    private ExtendedFloat(bool negative, BigInteger significand, int exponent, Kind kind)
    {
        Negative = negative;
        _significand = significand;
        _exponent = exponent;
        _kind = kind;
    }

    private enum Kind : byte
    {
        Finite,
        Infinity,
        NaN,
    }

    public static ExtendedFloat Zero => new(false, BigInteger.Zero, 0, Kind.Finite);

    public bool Negative { get; }

    public bool IsFinite => _kind == Kind.Finite;

    public bool IsZero => _kind == Kind.Finite && _significand.IsZero;

    /// <summary>Redis's <c>string2ld</c>: true and the value when <paramref name="text"/> is a float it takes.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out ExtendedFloat value)
    {
        value = Zero;
        if (text.IsEmpty || text.Length >= MaxChars || IsSpace(text[0]))
        {
            return false;
        }

        var negative = false;
        var rest = text;
        if (rest[0] is (byte)'+' or (byte)'-')
        {
            negative = rest[0] == '-';
            rest = rest[1..];
        }

        if (IsWord(rest, "inf"u8) || IsWord(rest, "infinity"u8))
        {
            value = new ExtendedFloat(negative, BigInteger.Zero, 0, Kind.Infinity);
            return true;
        }

        if (rest.Length >= 3 && System.Text.Ascii.EqualsIgnoreCase(rest[..3], "nan"u8))
        {
            return false;
        }

        // "0x" with no hex digit after it: strtold reads the "0" and stops at the "x", so it is refused either way.
        var parsed = rest.Length >= 2 && rest[0] == '0' && (rest[1] | 0x20) == 'x'
            ? TryParseHex(negative, rest[2..], out value)
            : TryParseDecimal(negative, rest, out value);
        if (!parsed)
        {
            return false;
        }

        // ERANGE: overflow to infinity, or a non-zero number that underflowed to zero.
        return value.IsFinite;
    }

    /// <summary>a + b, rounded once to the nearest (ties to even); NaN for ∞ − ∞.</summary>
    public static ExtendedFloat Add(ExtendedFloat a, ExtendedFloat b)
    {
        if (a._kind == Kind.NaN || b._kind == Kind.NaN)
        {
            return new ExtendedFloat(false, BigInteger.Zero, 0, Kind.NaN);
        }

        if (a._kind == Kind.Infinity || b._kind == Kind.Infinity)
        {
            if (a._kind == Kind.Infinity && b._kind == Kind.Infinity && a.Negative != b.Negative)
            {
                return new ExtendedFloat(false, BigInteger.Zero, 0, Kind.NaN);
            }

            return a._kind == Kind.Infinity ? a : b;
        }

        if (a.IsZero && b.IsZero)
        {
            return new ExtendedFloat(a.Negative && b.Negative, BigInteger.Zero, 0, Kind.Finite);
        }

        if (a.IsZero)
        {
            return b;
        }

        if (b.IsZero)
        {
            return a;
        }

        var exponent = Math.Min(a._exponent, b._exponent);
        var x = a._significand << (a._exponent - exponent);
        var y = b._significand << (b._exponent - exponent);
        var sum = (a.Negative ? -x : x) + (b.Negative ? -y : y);
        if (sum.IsZero)
        {
            return Zero;
        }

        return Round(sum.Sign < 0, BigInteger.Abs(sum), exponent, sticky: false);
    }

    /// <summary><c>"%.17Lf"</c>, trailing zeros and a bare point trimmed, <c>-0</c> written <c>0</c> (finite values only).</summary>
    public byte[] ToHumanString()
    {
        if (!IsFinite)
        {
            throw new InvalidOperationException("Only a finite value is written.");
        }

        var scaled = _significand * BigInteger.Pow(10, 17);
        BigInteger units;
        if (_exponent >= 0)
        {
            units = scaled << _exponent;
        }
        else
        {
            var shift = -_exponent;
            units = scaled >> shift;
            var remainder = scaled - (units << shift);
            var half = BigInteger.One << (shift - 1);
            var comparison = remainder.CompareTo(half);
            if (comparison > 0 || (comparison == 0 && !units.IsEven))
            {
                units += 1;
            }
        }

        var digits = units.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(18, '0');
        var whole = digits[..^17];
        var fraction = digits[^17..].TrimEnd('0');
        var text = new StringBuilder();
        if (Negative)
        {
            text.Append('-');
        }

        text.Append(whole);
        if (fraction.Length > 0)
        {
            text.Append('.').Append(fraction);
        }

        var result = text.ToString();
        return Encoding.ASCII.GetBytes(result == "-0" ? "0" : result);
    }

    private static bool TryParseDecimal(bool negative, ReadOnlySpan<byte> text, out ExtendedFloat value)
    {
        value = Zero;

        var i = 0;
        var digits = new StringBuilder();
        var fractionDigits = 0;
        var any = false;
        while (i < text.Length && IsDigit(text[i]))
        {
            digits.Append((char)text[i]);
            i++;
            any = true;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && IsDigit(text[i]))
            {
                digits.Append((char)text[i]);
                fractionDigits++;
                i++;
                any = true;
            }
        }

        if (!any)
        {
            return false;
        }

        long exponent = 0;
        if (i < text.Length && (text[i] | 0x20) == 'e')
        {
            var j = i + 1;
            var exponentNegative = false;
            if (j < text.Length && text[j] is (byte)'+' or (byte)'-')
            {
                exponentNegative = text[j] == '-';
                j++;
            }

            if (j < text.Length && IsDigit(text[j]))
            {
                while (j < text.Length && IsDigit(text[j]))
                {
                    exponent = Math.Min(exponent * 10 + (text[j] - '0'), 1_000_000_000);
                    j++;
                }

                exponent = exponentNegative ? -exponent : exponent;
                i = j;
            }
        }

        if (i != text.Length)
        {
            return false;
        }

        var significand = BigInteger.Parse(digits.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        if (significand.IsZero)
        {
            value = new ExtendedFloat(negative, BigInteger.Zero, 0, Kind.Finite);
            return true;
        }

        var decimalExponent = exponent - fractionDigits;
        var magnitude = significand.ToString(System.Globalization.CultureInfo.InvariantCulture).Length - 1 + decimalExponent;
        if (magnitude > 4933)
        {
            value = new ExtendedFloat(negative, BigInteger.Zero, 0, Kind.Infinity);
            return true;
        }

        if (magnitude < -4952)
        {
            // Underflows to zero: ERANGE, which string2ld refuses.
            return false;
        }

        if (decimalExponent >= 0)
        {
            value = Round(negative, significand * BigInteger.Pow(10, (int)decimalExponent), 0, sticky: false);
        }
        else
        {
            var denominator = BigInteger.Pow(10, (int)-decimalExponent);
            var shift = (int)Math.Max(0, Precision + 2 + denominator.GetBitLength() - significand.GetBitLength());
            var quotient = BigInteger.DivRem(significand << shift, denominator, out var remainder);
            value = Round(negative, quotient, -shift, sticky: !remainder.IsZero);
        }

        return !value.IsZero;
    }

    private static bool TryParseHex(bool negative, ReadOnlySpan<byte> text, out ExtendedFloat value)
    {
        value = Zero;
        var i = 0;
        var significand = BigInteger.Zero;
        var fractionDigits = 0;
        var any = false;
        while (i < text.Length && HexValue(text[i]) >= 0)
        {
            significand = (significand << 4) + HexValue(text[i]);
            i++;
            any = true;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && HexValue(text[i]) >= 0)
            {
                significand = (significand << 4) + HexValue(text[i]);
                fractionDigits++;
                i++;
                any = true;
            }
        }

        if (!any)
        {
            return false;
        }

        long exponent = 0;
        if (i < text.Length && (text[i] | 0x20) == 'p')
        {
            var j = i + 1;
            var exponentNegative = false;
            if (j < text.Length && text[j] is (byte)'+' or (byte)'-')
            {
                exponentNegative = text[j] == '-';
                j++;
            }

            if (j < text.Length && IsDigit(text[j]))
            {
                while (j < text.Length && IsDigit(text[j]))
                {
                    exponent = Math.Min(exponent * 10 + (text[j] - '0'), 1_000_000);
                    j++;
                }

                exponent = exponentNegative ? -exponent : exponent;
                i = j;
            }
        }

        if (i != text.Length)
        {
            // Parsed a prefix only: not a float.
            return false;
        }

        if (significand.IsZero)
        {
            value = new ExtendedFloat(negative, BigInteger.Zero, 0, Kind.Finite);
            return true;
        }

        var binaryExponent = exponent - (4L * fractionDigits);
        var top = binaryExponent + (long)significand.GetBitLength();
        if (top > 16384)
        {
            value = new ExtendedFloat(negative, BigInteger.Zero, 0, Kind.Infinity);
            return true;
        }

        if (top < MinExponent - 1)
        {
            value = new ExtendedFloat(false, BigInteger.Zero, 0, Kind.NaN);
            return false;
        }

        value = Round(negative, significand, (int)binaryExponent, sticky: false);
        if (value.IsZero)
        {
            value = new ExtendedFloat(false, BigInteger.Zero, 0, Kind.NaN);
            return false;
        }

        return true;
    }

    /// <summary>
    /// ±<paramref name="magnitude"/> × 2^<paramref name="exponent"/> (plus something below its last bit when
    /// <paramref name="sticky"/>), rounded to 64 significant bits, or fewer below the normal range, ties to even.
    /// </summary>
    private static ExtendedFloat Round(bool negative, BigInteger magnitude, int exponent, bool sticky)
    {
        var bits = (long)magnitude.GetBitLength();
        var shift = Math.Max(bits - Precision, (long)MinExponent - exponent);
        if (shift > 0)
        {
            if (shift > bits + 1)
            {
                return new ExtendedFloat(negative, BigInteger.Zero, 0, Kind.Finite);
            }

            var kept = magnitude >> (int)shift;
            var dropped = magnitude - (kept << (int)shift);
            var half = BigInteger.One << (int)(shift - 1);
            var comparison = dropped.CompareTo(half);
            if (comparison > 0 || (comparison == 0 && (sticky || !kept.IsEven)))
            {
                kept += 1;
            }

            magnitude = kept;
            exponent += (int)shift;
        }

        if (magnitude.IsZero)
        {
            return new ExtendedFloat(negative, BigInteger.Zero, 0, Kind.Finite);
        }

        // Normalise (rounding up may have carried into a 65th bit).
        var length = (long)magnitude.GetBitLength();
        if (length > Precision)
        {
            magnitude >>= 1;
            exponent++;
        }

        if (exponent + magnitude.GetBitLength() > 16384)
        {
            return new ExtendedFloat(negative, BigInteger.Zero, 0, Kind.Infinity);
        }

        return new ExtendedFloat(negative, magnitude, exponent, Kind.Finite);
    }

    private static bool IsWord(ReadOnlySpan<byte> text, ReadOnlySpan<byte> word) =>
        text.Length == word.Length && System.Text.Ascii.EqualsIgnoreCase(text, word);

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}
