using System.Globalization;

namespace MiniStore.Server.Tests.Differential;

/// <summary>When two replies count as the same: equal bytes, or time-dependent integers within a tolerance.</summary>
public static class ReplyComparison
{
    /// <summary>As the exact comparison, after bringing both replies to <paramref name="match"/>'s canonical form (<see cref="CanonicalReply"/>).</summary>
    public static bool Equivalent(byte[] redis, byte[] miniStore, long tolerance, ReplyMatch match) =>
        match == ReplyMatch.Exact
            ? Equivalent(redis, miniStore, tolerance)
            : Equivalent(CanonicalReply.Of(redis, match), CanonicalReply.Of(miniStore, match), tolerance);

    public static bool Equivalent(ReadOnlySpan<byte> redis, ReadOnlySpan<byte> miniStore, long tolerance)
    {
        if (redis.SequenceEqual(miniStore))
        {
            return true;
        }

        // Only non-negative integers drift with the clock: TTL's -1 (no expiry) and -2 (no key) are exact answers.
        return tolerance > 0
            && TryParseInteger(redis, out var expected) && TryParseInteger(miniStore, out var actual)
            && expected >= 0 && actual >= 0
            && Math.Abs(expected - actual) <= tolerance;
    }

    private static bool TryParseInteger(ReadOnlySpan<byte> reply, out long value)
    {
        value = 0;
        return reply.Length > 3 && reply[0] == ':' && reply.EndsWith("\r\n"u8)
            && long.TryParse(reply[1..^2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
