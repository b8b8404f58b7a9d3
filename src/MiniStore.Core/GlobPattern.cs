namespace MiniStore.Core;

/// <summary>
/// Redis's glob patterns (KEYS, SCAN MATCH, HSCAN, SSCAN, PSUBSCRIBE): <c>*</c> any run of bytes, <c>?</c> one byte,
/// <c>[abc]</c>, <c>[^abc]</c> and <c>[a-z]</c> one byte of (or not of) a class, <c>\x</c> the byte x. Edge cases
/// follow redis-server's matcher: an unterminated class ends the pattern, <c>[z-a]</c> is <c>[a-z]</c>, a lone
/// trailing backslash is a literal backslash.
/// </summary>
/// <remarks>
/// Every token but <c>*</c> matches exactly one byte, so remembering only the last star and retrying it one byte
/// further on finds a match whenever one exists, in O(pattern × text) at worst: no pattern can make matching
/// exponential (redis-server's recursive matcher needs a special case for that).
/// </remarks>
public static class GlobPattern
{
    public static bool IsMatch(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, bool ignoreCase = false)
    {
        int p = 0, s = 0, starP = -1, starS = 0;
        while (s < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                while (p < pattern.Length && pattern[p] == '*')
                {
                    p++;
                }

                if (p == pattern.Length)
                {
                    return true;
                }

                (starP, starS) = (p, s);
                continue;
            }

            if (p < pattern.Length && MatchToken(pattern, p, text[s], ignoreCase, out var next))
            {
                p = next;
                s++;
            }
            else if (starP >= 0)
            {
                p = starP;
                s = ++starS;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Whether the single-byte token at <paramref name="p"/> matches <paramref name="c"/>; <paramref name="next"/> is the token after it.</summary>
    private static bool MatchToken(ReadOnlySpan<byte> pattern, int p, byte c, bool ignoreCase, out int next)
    {
        switch (pattern[p])
        {
            case (byte)'?':
                next = p + 1;
                return true;
            case (byte)'[':
                return MatchClass(pattern, p + 1, c, ignoreCase, out next);
            case (byte)'\\' when p + 1 < pattern.Length:
                next = p + 2;
                return Same(pattern[p + 1], c, ignoreCase);
            default:
                next = p + 1;
                return Same(pattern[p], c, ignoreCase);
        }
    }

    private static bool MatchClass(ReadOnlySpan<byte> pattern, int p, byte c, bool ignoreCase, out int next)
    {
        var negated = p < pattern.Length && pattern[p] == '^';
        if (negated)
        {
            p++;
        }

        var matched = false;
        while (p < pattern.Length && pattern[p] != ']')
        {
            var left = pattern.Length - p;
            if (pattern[p] == '\\' && left >= 2)
            {
                matched |= Same(pattern[p + 1], c, ignoreCase);
                p += 2;
            }
            else if (left >= 3 && pattern[p + 1] == '-')
            {
                int start = pattern[p], end = pattern[p + 2], x = c;
                if (start > end)
                {
                    (start, end) = (end, start);
                }

                if (ignoreCase)
                {
                    (start, end, x) = (Lower(start), Lower(end), Lower(x));
                }

                matched |= x >= start && x <= end;
                p += 3;
            }
            else
            {
                matched |= Same(pattern[p], c, ignoreCase);
                p++;
            }
        }

        // Past the closing bracket; an unterminated class has consumed the rest of the pattern.
        next = Math.Min(p + 1, pattern.Length);
        return matched != negated;
    }

    private static bool Same(byte a, byte b, bool ignoreCase) => a == b || (ignoreCase && Lower(a) == Lower(b));

    private static int Lower(int c) => c is >= 'A' and <= 'Z' ? c + 32 : c;
}
