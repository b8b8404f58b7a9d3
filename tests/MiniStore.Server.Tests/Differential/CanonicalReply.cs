namespace MiniStore.Server.Tests.Differential;

/// <summary>How <see cref="ReplyComparison"/> compares two replies.</summary>
public enum ReplyMatch
{
    /// <summary>Byte for byte (integers within the command's tolerance).</summary>
    Exact,

    /// <summary>Every array's elements in any order (SMEMBERS, SINTER, SSCAN of a small set).</summary>
    Unordered,

    /// <summary>
    /// Only the shape: an array's length, whether a bulk string is nil; errors, integers and statuses exactly
    /// (SRANDMEMBER, whose members are random).
    /// </summary>
    Shape,
}

/// <summary>
/// A RESP2 reply rewritten so that equal-by-<see cref="ReplyMatch"/> replies are equal bytes: every array's elements
/// sorted (<see cref="ReplyMatch.Unordered"/>), or bulk strings blanked and arrays reduced to their length
/// (<see cref="ReplyMatch.Shape"/>). A reply that does not parse is left as it is.
/// </summary>
public static class CanonicalReply
{
    public static byte[] Of(byte[] reply, ReplyMatch match)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var position = 0;
        var canonical = TryRead(reply, ref position, match);
        return canonical is not null && position == reply.Length ? canonical : reply;
    }

    private static byte[]? TryRead(byte[] reply, ref int position, ReplyMatch match)
    {
        var lineEnd = reply.AsSpan(position).IndexOf("\r\n"u8);
        if (lineEnd < 1)
        {
            return null;
        }

        var start = position;
        var header = reply.AsSpan(position, lineEnd);
        position += lineEnd + 2;
        switch (header[0])
        {
            case (byte)'$':
            {
                if (!int.TryParse(header[1..], out var length))
                {
                    return null;
                }

                if (length < 0)
                {
                    return reply[start..position];
                }

                if (position + length + 2 > reply.Length)
                {
                    return null;
                }

                var whole = reply[start..(position + length + 2)];
                position += length + 2;
                return match == ReplyMatch.Shape ? "$?\r\n"u8.ToArray() : whole;
            }

            case (byte)'*':
            {
                if (!int.TryParse(header[1..], out var count))
                {
                    return null;
                }

                var elements = new List<byte[]>();
                for (var i = 0; i < count; i++)
                {
                    var element = TryRead(reply, ref position, match);
                    if (element is null)
                    {
                        return null;
                    }

                    elements.Add(element);
                }

                if (match == ReplyMatch.Shape)
                {
                    return reply[start..(start + lineEnd + 2)];
                }

                elements.Sort(static (x, y) => x.AsSpan().SequenceCompareTo(y));
                return [.. reply[start..(start + lineEnd + 2)], .. elements.SelectMany(e => e)];
            }

            default:
                return reply[start..position];
        }
    }
}
