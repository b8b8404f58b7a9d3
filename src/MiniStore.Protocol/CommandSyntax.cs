using System.Diagnostics.CodeAnalysis;

namespace MiniStore.Protocol;

/// <summary>Checks argument counts and parses command options (protocol.md A.4), for both wire formats.</summary>
public static class CommandSyntax
{
    private const ulong NxWord = (ulong)'n' | (ulong)'x' << 8;
    private const ulong XxWord = (ulong)'x' | (ulong)'x' << 8;
    private const ulong ExWord = (ulong)'e' | (ulong)'x' << 8;
    private const ulong PxWord = (ulong)'p' | (ulong)'x' << 8;
    private const ulong ExAtWord = (ulong)'e' | (ulong)'x' << 8 | (ulong)'a' << 16 | (ulong)'t' << 24;
    private const ulong PxAtWord = (ulong)'p' | (ulong)'x' << 8 | (ulong)'a' << 16 | (ulong)'t' << 24;
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
        ExAt,
        PxAt,
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

    /// <summary>How many arguments after the name <paramref name="command"/> takes (from <see cref="CommandTable"/>); <paramref name="max"/> is <see cref="int.MaxValue"/> if unbounded.</summary>
    public static void GetArity(CommandId command, out int min, out int max)
    {
        if (command == CommandId.Unknown)
        {
            (min, max) = (0, int.MaxValue);
            return;
        }

        var spec = CommandTable.Get(command);
        (min, max) = (spec.MinArguments, spec.MaxArguments);
    }

    /// <summary>
    /// Parses <c>SET key value [NX|XX] [EX s|PX ms|EXAT unix-s|PXAT unix-ms|KEEPTTL] [GET]</c>: argument 0 is the key,
    /// 1 the value, options follow in any order. Every syntax error is found before any number is judged, so a syntax
    /// error wins over a bad number even when the bad number comes first. A repeated option is accepted; its last
    /// value wins. A number that does not parse is <see cref="RequestError.ExpireTimeNotAnInteger"/>, one that is not
    /// positive (or overflows in seconds) <see cref="RequestError.InvalidExpireTime"/>, as in Redis 7.
    /// </summary>
    public static RequestError ParseSet(in Request request, out SetArguments args)
    {
        args = default;
        var count = request.ArgumentCount;

        // Arity is the command table's, checked by the caller (CheckArity) before options are parsed.
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2, nameof(request));

        bool nx = false, xx = false, get = false;
        var expiry = new ExpiryWords();
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
                    expiry.Add(option, default);
                    break;
                case Option.Ex or Option.Px or Option.ExAt or Option.PxAt when i + 1 < count:
                    expiry.Add(option, request[++i]);
                    break;
                default:
                    return RequestError.Syntax;
            }
        }

        if ((nx && xx) || expiry.Conflicting)
        {
            return RequestError.Syntax;
        }

        var error = expiry.Resolve(out var mode, out var ms);
        if (error != RequestError.None)
        {
            return error;
        }

        var condition = nx ? ConditionOption.IfAbsent : xx ? ConditionOption.IfPresent : ConditionOption.Always;
        args = new SetArguments(condition, mode, ms, get);
        return RequestError.None;
    }

    /// <summary>
    /// Parses <c>GETEX key [EX s|PX ms|EXAT unix-s|PXAT unix-ms|PERSIST]</c>: argument 0 is the key, options follow,
    /// with the syntax rules of <see cref="ParseSet"/>. A bad number is not an error of the parse but
    /// <see cref="GetExArguments.NumberError"/>: Redis judges it only when the key exists.
    /// </summary>
    [SuppressMessage("Naming", "CA1711", Justification = "GETEX is the command's name.")]
    public static RequestError ParseGetEx(in Request request, out GetExArguments args)
    {
        args = default;
        var count = request.ArgumentCount;

        // Arity is the command table's, checked by the caller (CheckArity) before options are parsed.
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(request));

        var expiry = new ExpiryWords();
        for (var i = 1; i < count; i++)
        {
            var option = Recognize(request[i]);
            switch (option)
            {
                case Option.Persist:
                    expiry.Add(option, default);
                    break;
                case Option.Ex or Option.Px or Option.ExAt or Option.PxAt when i + 1 < count:
                    expiry.Add(option, request[++i]);
                    break;
                default:
                    return RequestError.Syntax;
            }
        }

        if (expiry.Conflicting)
        {
            return RequestError.Syntax;
        }

        var numberError = expiry.Resolve(out var mode, out var ms);
        args = new GetExArguments(mode, ms, numberError);
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

        // 19 digits always fit a ulong, so the loop cannot overflow; the range check follows. As Redis's string2ll:
        // no leading zeros, and no "-0".
        if (digits.IsEmpty || digits.Length > 19 || (digits[0] == '0' && (digits.Length > 1 || negative)))
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

    /// <summary>
    /// Judges an expiry number as Redis 7 does: <see cref="RequestError.ExpireTimeNotAnInteger"/> if it does not parse,
    /// <see cref="RequestError.InvalidExpireTime"/> if it is not positive or overflows once in milliseconds.
    /// </summary>
    private static RequestError ParseExpiryNumber(ReadOnlySpan<byte> number, bool seconds, out long ms)
    {
        if (!TryParseInt64(number, out ms))
        {
            return RequestError.ExpireTimeNotAnInteger;
        }

        if (!TryParseTtl(number, seconds, out ms))
        {
            return RequestError.InvalidExpireTime;
        }

        return RequestError.None;
    }

    /// <summary>The expiry words of one SET or GETEX: at most one kind may be given, its last number wins.</summary>
    private ref struct ExpiryWords
    {
        private Option _kind;
        private int _kinds;
        private ReadOnlySpan<byte> _number;

        public readonly bool Conflicting => _kinds > 1;

        public void Add(Option option, ReadOnlySpan<byte> number)
        {
            if (_kind != option)
            {
                _kinds++;
                _kind = option;
            }

            _number = number;
        }

        public readonly RequestError Resolve(out ExpiryOption mode, out long ms)
        {
            ms = 0;
            mode = _kind switch
            {
                Option.Ex or Option.Px => ExpiryOption.After,
                Option.ExAt or Option.PxAt => ExpiryOption.At,
                Option.KeepTtl => ExpiryOption.Keep,
                Option.Persist => ExpiryOption.Persist,
                _ => ExpiryOption.None,
            };
            if (mode is not (ExpiryOption.After or ExpiryOption.At))
            {
                return RequestError.None;
            }

            var error = ParseExpiryNumber(_number, seconds: _kind is Option.Ex or Option.ExAt, out ms);
            if (error != RequestError.None)
            {
                mode = ExpiryOption.None;
                ms = 0;
            }

            return error;
        }
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
            ExAtWord => Option.ExAt,
            PxAtWord => Option.PxAt,
            GetWord => Option.Get,
            KeepTtlWord => Option.KeepTtl,
            PersistWord => Option.Persist,
            _ => Option.Unknown,
        };
    }
}
