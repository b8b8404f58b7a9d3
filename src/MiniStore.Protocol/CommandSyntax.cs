using System.Diagnostics.CodeAnalysis;

namespace MiniStore.Protocol;

/// <summary>Checks argument counts and parses command options (protocol.md A.4), for both wire formats.</summary>
public static class CommandSyntax
{
    private const ulong NxWord = (ulong)'n' | (ulong)'x' << 8;
    private const ulong XxWord = (ulong)'x' | (ulong)'x' << 8;
    private const ulong ExWord = (ulong)'e' | (ulong)'x' << 8;
    private const ulong PxWord = (ulong)'p' | (ulong)'x' << 8;
    private const ulong GetWord = (ulong)'g' | (ulong)'e' << 8 | (ulong)'t' << 16;
    private const ulong KeepTtlWord = (ulong)'k' | (ulong)'e' << 8 | (ulong)'e' << 16 | (ulong)'p' << 24 | (ulong)'t' << 32 | (ulong)'t' << 40 | (ulong)'l' << 48;
    private const ulong PersistWord = (ulong)'p' | (ulong)'e' << 8 | (ulong)'r' << 16 | (ulong)'s' << 24 | (ulong)'i' << 32 | (ulong)'s' << 40 | (ulong)'t' << 48;

    private enum Option : byte
    {
        Unknown,
        Nx,
        Xx,
        Ex,
        Px,
        Get,
        KeepTtl,
        Persist,
    }

    /// <summary>
    /// <see cref="RequestError.WrongArity"/> if the request has a number of arguments its command does not take.
    /// An unknown command passes: reporting it (which takes precedence) is the caller's job.
    /// </summary>
    public static RequestError CheckArity(in Request request)
    {
        GetArity(request.Command, out var min, out var max);
        var count = request.ArgumentCount;
        return count < min || count > max ? RequestError.WrongArity : RequestError.None;
    }

    /// <summary>How many arguments after the name <paramref name="command"/> takes; <paramref name="max"/> is <see cref="int.MaxValue"/> if unbounded.</summary>
    public static void GetArity(CommandId command, out int min, out int max)
    {
        (min, max) = command switch
        {
            CommandId.Ping => (0, 1),
            CommandId.Get => (1, 1),
            CommandId.Set => (2, int.MaxValue),
            CommandId.GetEx => (1, int.MaxValue),
            CommandId.Ttl => (1, 1),
            CommandId.Pttl => (1, 1),
            CommandId.Del => (1, int.MaxValue),
            CommandId.Exists => (1, int.MaxValue),
            CommandId.DbSize => (0, 0),
            CommandId.Info => (0, 1),
            CommandId.FlushAll => (0, 1),
            CommandId.Quit => (0, 0),
            CommandId.Pass => (1, 1),
            CommandId.Auth => (1, 2),
            CommandId.Hello => (0, int.MaxValue),
            CommandId.Select => (1, 1),
            CommandId.Echo => (1, 1),
            CommandId.Client => (1, int.MaxValue),
            CommandId.Command => (0, int.MaxValue),
            CommandId.Config => (1, int.MaxValue),
            CommandId.SetEx => (3, 3),
            CommandId.PSetEx => (3, 3),
            CommandId.SetNx => (2, 2),
            CommandId.Unlink => (1, int.MaxValue),
            _ => (0, int.MaxValue),
        };
    }

    /// <summary>
    /// Parses <c>SET key value [NX|XX] [EX s|PX ms|KEEPTTL] [GET]</c>: argument 0 is the key, 1 the value, options
    /// follow in any order. Every syntax error is found before any number is judged, so a syntax error wins over an
    /// invalid expire time even when the bad number comes first. A repeated option is accepted; its last value wins.
    /// </summary>
    public static RequestError ParseSet(in Request request, out SetArguments args)
    {
        args = default;
        var count = request.ArgumentCount;
        if (count < 2)
        {
            return RequestError.WrongArity;
        }

        bool nx = false, xx = false, get = false, ex = false, px = false, keepTtl = false;
        ReadOnlySpan<byte> number = default;
        for (var i = 2; i < count; i++)
        {
            var option = Recognize(request[i]);
            switch (option)
            {
                case Option.Nx:
                    nx = true;
                    break;
                case Option.Xx:
                    xx = true;
                    break;
                case Option.Get:
                    get = true;
                    break;
                case Option.KeepTtl:
                    keepTtl = true;
                    break;
                case Option.Ex or Option.Px when i + 1 < count:
                    ex |= option == Option.Ex;
                    px |= option == Option.Px;
                    number = request[++i];
                    break;
                default:
                    return RequestError.Syntax;
            }
        }

        if ((nx && xx) || (ex ? 1 : 0) + (px ? 1 : 0) + (keepTtl ? 1 : 0) > 1)
        {
            return RequestError.Syntax;
        }

        long ttlMs = 0;
        if ((ex || px) && !TryParseTtl(number, ex, out ttlMs))
        {
            return RequestError.InvalidExpireTime;
        }

        var condition = nx ? ConditionOption.Nx : xx ? ConditionOption.Xx : ConditionOption.None;
        var expiry = ex || px ? ExpiryOption.Ttl : keepTtl ? ExpiryOption.KeepTtl : ExpiryOption.None;
        args = new SetArguments(condition, expiry, ttlMs, get);
        return RequestError.None;
    }

    /// <summary>
    /// Parses <c>GETEX key [EX s|PX ms|PERSIST]</c>: argument 0 is the key, options follow, with the precedence
    /// rules of <see cref="ParseSet"/>.
    /// </summary>
    [SuppressMessage("Naming", "CA1711", Justification = "GETEX is the command's name.")]
    public static RequestError ParseGetEx(in Request request, out GetExArguments args)
    {
        args = default;
        var count = request.ArgumentCount;
        if (count < 1)
        {
            return RequestError.WrongArity;
        }

        bool ex = false, px = false, persist = false;
        ReadOnlySpan<byte> number = default;
        for (var i = 1; i < count; i++)
        {
            var option = Recognize(request[i]);
            switch (option)
            {
                case Option.Persist:
                    persist = true;
                    break;
                case Option.Ex or Option.Px when i + 1 < count:
                    ex |= option == Option.Ex;
                    px |= option == Option.Px;
                    number = request[++i];
                    break;
                default:
                    return RequestError.Syntax;
            }
        }

        if ((ex ? 1 : 0) + (px ? 1 : 0) + (persist ? 1 : 0) > 1)
        {
            return RequestError.Syntax;
        }

        long ttlMs = 0;
        if ((ex || px) && !TryParseTtl(number, ex, out ttlMs))
        {
            return RequestError.InvalidExpireTime;
        }

        var expiry = ex || px ? ExpiryOption.Ttl : persist ? ExpiryOption.Persist : ExpiryOption.None;
        args = new GetExArguments(expiry, ttlMs);
        return RequestError.None;
    }

    /// <summary>
    /// Parses a strict decimal integer: an optional <c>-</c>, then only digits (no <c>+</c>, no blanks), in range.
    /// </summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        var negative = !text.IsEmpty && text[0] == '-';
        var digits = negative ? text[1..] : text;

        // 19 digits always fit a ulong, so the loop cannot overflow; the range check follows.
        if (digits.IsEmpty || digits.Length > 19)
        {
            return false;
        }

        ulong magnitude = 0;
        foreach (var b in digits)
        {
            var digit = (uint)(b - '0');
            if (digit > 9)
            {
                return false;
            }

            magnitude = (magnitude * 10) + digit;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = unchecked((long)(0UL - magnitude));
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    /// <summary>
    /// The EX/PX rule, shared with SETEX/PSETEX: a positive integer whose value in milliseconds fits a long.
    /// </summary>
    public static bool TryParseTtl(ReadOnlySpan<byte> number, bool seconds, out long ttlMs)
    {
        if (!TryParseInt64(number, out ttlMs) || ttlMs <= 0 || (seconds && ttlMs > long.MaxValue / 1000))
        {
            return false;
        }

        if (seconds)
        {
            ttlMs *= 1000;
        }

        return true;
    }

    private static Option Recognize(ReadOnlySpan<byte> word)
    {
        if (word.Length is < 2 or > AsciiWord.MaxLength)
        {
            return Option.Unknown;
        }

        return AsciiWord.Pack(word) switch
        {
            NxWord => Option.Nx,
            XxWord => Option.Xx,
            ExWord => Option.Ex,
            PxWord => Option.Px,
            GetWord => Option.Get,
            KeepTtlWord => Option.KeepTtl,
            PersistWord => Option.Persist,
            _ => Option.Unknown,
        };
    }
}
