using System.Globalization;
using System.Text;
using MiniStore.Server.Tests.Support;

namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// One request sent to both servers. <see cref="Tolerance"/> is for replies that depend on the clock: a non-negative
/// integer reply may differ from redis-server's by this much (TTL: 1 s, PTTL: 1000 ms); every other reply must be
/// byte for byte the same.
/// </summary>
public sealed class DiffCommand
{
    public DiffCommand(IReadOnlyList<byte[]> args, long tolerance = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        Args = args;
        Tolerance = tolerance;
    }

    public IReadOnlyList<byte[]> Args { get; }

    public long Tolerance { get; }

    /// <summary>How the replies are compared (<see cref="ReplyMatch.Exact"/> unless said otherwise).</summary>
    public ReplyMatch Match { get; init; }

    /// <summary>
    /// When set, replies that differ as bytes may still count as the same (redis-server's, then MiniStore's): for
    /// replies in no defined order (HGETALL) or of random picks (HRANDFIELD).
    /// </summary>
    public Func<byte[], byte[], bool>? Equivalence { get; init; }

    /// <summary>A command from words (UTF-8) and byte arrays (as is).</summary>
    public static DiffCommand Of(params object[] args) => new(args.Select(Bytes).ToArray());

    /// <summary>As <see cref="Of"/>, for a command whose integer reply may drift by <paramref name="tolerance"/>.</summary>
    public static DiffCommand Timed(long tolerance, params object[] args) => new(args.Select(Bytes).ToArray(), tolerance);

    /// <summary>As <see cref="Of"/>, for a command whose arrays come in no particular order (SMEMBERS, SINTER).</summary>
    public static DiffCommand Unordered(params object[] args) => new(args.Select(Bytes).ToArray()) { Match = ReplyMatch.Unordered };

    /// <summary>As <see cref="Of"/>, for a command with random replies (SRANDMEMBER): only their shape is compared.</summary>
    public static DiffCommand Shaped(params object[] args) => new(args.Select(Bytes).ToArray()) { Match = ReplyMatch.Shape };

    /// <summary>
    /// Like redis-cli: plain words as they are, anything else quoted with escapes; an argument longer than
    /// 40 bytes shows its start and its length (a failure names the seed, which reproduces the exact bytes).
    /// </summary>
    public override string ToString() => string.Join(' ', Args.Select(Render));

    private static byte[] Bytes(object arg) => arg switch
    {
        byte[] bytes => bytes,
        string text => Encoding.UTF8.GetBytes(text),
        IFormattable number => Encoding.ASCII.GetBytes(number.ToString(null, CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException($"not a command argument: {arg}", nameof(arg)),
    };

    private static string Render(byte[] arg)
    {
        const int Shown = 40;
        if (arg.Length > Shown)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Render(arg[..Shown])}...({arg.Length} bytes)");
        }

        return arg.Length > 0 && arg.All(b => b is > 0x20 and < 0x7F and not (byte)'"' and not (byte)'\'' and not (byte)'\\')
            ? Encoding.ASCII.GetString(arg)
            : RespFrame.Escape(arg);
    }
}
