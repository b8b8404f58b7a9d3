namespace MiniStore.Protocol;

/// <summary>Recognises command names by their lower-cased bytes packed into one integer (no strings, no hashing).</summary>
public static class CommandNames
{
    private const ulong Get = (ulong)'g' | (ulong)'e' << 8 | (ulong)'t' << 16;
    private const ulong Set = (ulong)'s' | (ulong)'e' << 8 | (ulong)'t' << 16;
    private const ulong Ttl = (ulong)'t' | (ulong)'t' << 8 | (ulong)'l' << 16;
    private const ulong Del = (ulong)'d' | (ulong)'e' << 8 | (ulong)'l' << 16;
    private const ulong Ping = (ulong)'p' | (ulong)'i' << 8 | (ulong)'n' << 16 | (ulong)'g' << 24;
    private const ulong Pttl = (ulong)'p' | (ulong)'t' << 8 | (ulong)'t' << 16 | (ulong)'l' << 24;
    private const ulong Info = (ulong)'i' | (ulong)'n' << 8 | (ulong)'f' << 16 | (ulong)'o' << 24;
    private const ulong Quit = (ulong)'q' | (ulong)'u' << 8 | (ulong)'i' << 16 | (ulong)'t' << 24;
    private const ulong Pass = (ulong)'p' | (ulong)'a' << 8 | (ulong)'s' << 16 | (ulong)'s' << 24;
    private const ulong Auth = (ulong)'a' | (ulong)'u' << 8 | (ulong)'t' << 16 | (ulong)'h' << 24;
    private const ulong Echo = (ulong)'e' | (ulong)'c' << 8 | (ulong)'h' << 16 | (ulong)'o' << 24;
    private const ulong GetEx = (ulong)'g' | (ulong)'e' << 8 | (ulong)'t' << 16 | (ulong)'e' << 24 | (ulong)'x' << 32;
    private const ulong Hello = (ulong)'h' | (ulong)'e' << 8 | (ulong)'l' << 16 | (ulong)'l' << 24 | (ulong)'o' << 32;
    private const ulong Exists = (ulong)'e' | (ulong)'x' << 8 | (ulong)'i' << 16 | (ulong)'s' << 24 | (ulong)'t' << 32 | (ulong)'s' << 40;
    private const ulong DbSize = (ulong)'d' | (ulong)'b' << 8 | (ulong)'s' << 16 | (ulong)'i' << 24 | (ulong)'z' << 32 | (ulong)'e' << 40;
    private const ulong Select = (ulong)'s' | (ulong)'e' << 8 | (ulong)'l' << 16 | (ulong)'e' << 24 | (ulong)'c' << 32 | (ulong)'t' << 40;
    private const ulong Client = (ulong)'c' | (ulong)'l' << 8 | (ulong)'i' << 16 | (ulong)'e' << 24 | (ulong)'n' << 32 | (ulong)'t' << 40;
    private const ulong Config = (ulong)'c' | (ulong)'o' << 8 | (ulong)'n' << 16 | (ulong)'f' << 24 | (ulong)'i' << 32 | (ulong)'g' << 40;
    private const ulong SetEx = (ulong)'s' | (ulong)'e' << 8 | (ulong)'t' << 16 | (ulong)'e' << 24 | (ulong)'x' << 32;
    private const ulong SetNx = (ulong)'s' | (ulong)'e' << 8 | (ulong)'t' << 16 | (ulong)'n' << 24 | (ulong)'x' << 32;
    private const ulong PSetEx = (ulong)'p' | (ulong)'s' << 8 | (ulong)'e' << 16 | (ulong)'t' << 24 | (ulong)'e' << 32 | (ulong)'x' << 40;
    private const ulong Unlink = (ulong)'u' | (ulong)'n' << 8 | (ulong)'l' << 16 | (ulong)'i' << 24 | (ulong)'n' << 32 | (ulong)'k' << 40;
    private const ulong Command = (ulong)'c' | (ulong)'o' << 8 | (ulong)'m' << 16 | (ulong)'m' << 24 | (ulong)'a' << 32 | (ulong)'n' << 40 | (ulong)'d' << 48;
    private const ulong Time = (ulong)'t' | (ulong)'i' << 8 | (ulong)'m' << 16 | (ulong)'e' << 24;
    private const ulong FlushDb = (ulong)'f' | (ulong)'l' << 8 | (ulong)'u' << 16 | (ulong)'s' << 24 | (ulong)'h' << 32 | (ulong)'d' << 40 | (ulong)'b' << 48;
    private const ulong Monitor = (ulong)'m' | (ulong)'o' << 8 | (ulong)'n' << 16 | (ulong)'i' << 24 | (ulong)'t' << 32 | (ulong)'o' << 40 | (ulong)'r' << 48;
    private const ulong FlushAll = (ulong)'f' | (ulong)'l' << 8 | (ulong)'u' << 16 | (ulong)'s' << 24 | (ulong)'h' << 32 | (ulong)'a' << 40 | (ulong)'l' << 48 | (ulong)'l' << 56;

    /// <summary>The command <paramref name="name"/> names, ASCII case-insensitively; <see cref="CommandId.Unknown"/> if none.</summary>
    public static CommandId Recognize(ReadOnlySpan<byte> name)
    {
        if (name.Length is < 3 or > AsciiWord.MaxLength)
        {
            return CommandId.Unknown;
        }

        // Words of different lengths never pack to the same value (the packed form of a word of length n has a
        // non-zero byte n-1 and zero bytes above it), so one switch covers every length.
        return AsciiWord.Pack(name) switch
        {
            Get => CommandId.Get,
            Set => CommandId.Set,
            Ttl => CommandId.Ttl,
            Del => CommandId.Del,
            Ping => CommandId.Ping,
            Pttl => CommandId.Pttl,
            Info => CommandId.Info,
            Quit => CommandId.Quit,
            Pass => CommandId.Pass,
            Auth => CommandId.Auth,
            Echo => CommandId.Echo,
            GetEx => CommandId.GetEx,
            Hello => CommandId.Hello,
            Exists => CommandId.Exists,
            DbSize => CommandId.DbSize,
            Select => CommandId.Select,
            Client => CommandId.Client,
            Config => CommandId.Config,
            Command => CommandId.Command,
            SetEx => CommandId.SetEx,
            SetNx => CommandId.SetNx,
            PSetEx => CommandId.PSetEx,
            Unlink => CommandId.Unlink,
            FlushAll => CommandId.FlushAll,
            FlushDb => CommandId.FlushDb,
            Monitor => CommandId.Monitor,
            Time => CommandId.Time,
            _ => CommandId.Unknown,
        };
    }
}
