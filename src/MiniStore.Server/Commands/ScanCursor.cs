namespace MiniStore.Server.Commands;

/// <summary>The cursor of SCAN, HSCAN, SSCAN and ZSCAN, read as Redis reads it.</summary>
internal static class ScanCursor
{
    /// <summary>
    /// Redis's <c>strtoul</c> check: the text is a C string (it ends at a NUL byte), then decimal digits after an
    /// optional sign ('-' negates modulo 2^64), no leading blank, no overflow; the empty text is cursor 0.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out ulong cursor)
    {
        cursor = 0;
        var nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            text = text[..nul];
        }

        if (text.IsEmpty)
        {
            return true;
        }

        var negative = text[0] == '-';
        var digits = text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        if (digits.IsEmpty)
        {
            // strtoul reads no number from a lone sign and leaves the end at the start: a trailing byte.
            return false;
        }

        ulong value = 0;
        foreach (var b in digits)
        {
            var digit = (uint)(b - '0');
            if (digit > 9 || value > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        cursor = negative ? unchecked(0UL - value) : value;
        return true;
    }
}
