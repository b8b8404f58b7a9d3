using System.Numerics;

namespace MiniStore.Persistence;

/// <summary>
/// LZF, the compression RDB files use for long strings (liblzf's format): a control byte below 32 starts a run of that
/// many plus one literal bytes; any other is a back reference of length (ctrl &gt;&gt; 5) + 2 (7 means "add the next
/// byte"), at distance ((ctrl &amp; 31) &lt;&lt; 8 | next byte) + 1 behind the output. Our own greedy compressor with a
/// hash of three-byte prefixes; any valid LZF stream decompresses, whoever made it.
/// </summary>
public static class Lzf
{
    private const int MaxLiteralRun = 32;
    private const int MaxDistance = 8192;
    private const int MaxMatch = 264;
    private const int HashBits = 14;

    /// <summary>
    /// Compresses <paramref name="input"/> into <paramref name="output"/>; the compressed length, or 0 when it does not
    /// fit there (make <paramref name="output"/> shorter than the input to ask for a real saving) or the input is under
    /// 4 bytes (too short to hold a back-reference; callers store such values as they are).
    /// </summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length < 4)
        {
            return 0;
        }

        // Positions plus one (0: none yet). Small enough to live on the stack, so compressing allocates nothing; sized
        // to the input, because clearing a full table for every short string would cost more than compressing it.
        var bits = Math.Clamp(BitOperations.Log2((uint)input.Length) + 1, 6, HashBits);
        Span<int> table = stackalloc int[1 << bits];
        table.Clear();
        var ip = 0;
        var op = 0;
        var literalStart = 0;
        while (ip < input.Length - 2)
        {
            var prefix = input[ip] << 16 | input[ip + 1] << 8 | input[ip + 2];
            var slot = (int)((uint)(prefix * -1640531535) >> (32 - bits));
            var candidate = table[slot] - 1;
            table[slot] = ip + 1;
            if (candidate >= 0 && ip - candidate <= MaxDistance
                && input[candidate] == input[ip] && input[candidate + 1] == input[ip + 1] && input[candidate + 2] == input[ip + 2])
            {
                var limit = Math.Min(MaxMatch, input.Length - ip);
                var length = 3;
                while (length < limit && input[candidate + length] == input[ip + length])
                {
                    length++;
                }

                if (!FlushLiterals(input[literalStart..ip], output, ref op))
                {
                    return 0;
                }

                var distance = ip - candidate - 1;
                var code = length - 2;
                if (op + 3 > output.Length)
                {
                    return 0;
                }

                if (code < 7)
                {
                    output[op++] = (byte)(code << 5 | distance >> 8);
                }
                else
                {
                    output[op++] = (byte)(7 << 5 | distance >> 8);
                    output[op++] = (byte)(code - 7);
                }

                output[op++] = (byte)distance;
                ip += length;
                literalStart = ip;
            }
            else
            {
                ip++;
            }
        }

        return FlushLiterals(input[literalStart..], output, ref op) ? op : 0;
    }

    /// <summary>
    /// Decompresses <paramref name="input"/> into <paramref name="output"/>, which must be exactly the original length;
    /// false when the data is not valid LZF or does not fill it exactly.
    /// </summary>
    public static bool TryDecompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var ip = 0;
        var op = 0;
        while (ip < input.Length)
        {
            int control = input[ip++];
            if (control < 32)
            {
                var run = control + 1;
                if (ip + run > input.Length || op + run > output.Length)
                {
                    return false;
                }

                input.Slice(ip, run).CopyTo(output[op..]);
                ip += run;
                op += run;
                continue;
            }

            var length = control >> 5;
            if (length == 7)
            {
                if (ip >= input.Length)
                {
                    return false;
                }

                length += input[ip++];
            }

            if (ip >= input.Length)
            {
                return false;
            }

            var from = op - ((control & 31) << 8 | input[ip++]) - 1;
            length += 2;
            if (from < 0 || op + length > output.Length)
            {
                return false;
            }

            // The source may overlap what is being written (a run repeating itself), so byte by byte.
            for (var i = 0; i < length; i++)
            {
                output[op++] = output[from++];
            }
        }

        return op == output.Length;
    }

    private static bool FlushLiterals(ReadOnlySpan<byte> literals, Span<byte> output, ref int op)
    {
        while (literals.Length > 0)
        {
            var run = Math.Min(MaxLiteralRun, literals.Length);
            if (op + 1 + run > output.Length)
            {
                return false;
            }

            output[op++] = (byte)(run - 1);
            literals[..run].CopyTo(output[op..]);
            op += run;
            literals = literals[run..];
        }

        return true;
    }
}
