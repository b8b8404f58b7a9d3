using System.Globalization;

namespace MiniStore.Client;

/// <summary>What a SET or GETEX does to the key's time to live. The default value leaves it to the command's default.</summary>
public enum ExpiryKind : byte
{
    /// <summary>SET: no expiry (an old one is cleared). GETEX: the expiry is left alone.</summary>
    None,

    /// <summary>EX: expire after <see cref="Expiry.Value"/> seconds.</summary>
    Seconds,

    /// <summary>PX: expire after <see cref="Expiry.Value"/> milliseconds.</summary>
    Milliseconds,

    /// <summary>SET KEEPTTL: keep the key's current expiry.</summary>
    KeepTtl,

    /// <summary>GETEX PERSIST: remove the key's expiry.</summary>
    Persist,
}

/// <summary>An expiry option: <c>EX s</c>, <c>PX ms</c>, <c>KEEPTTL</c> (SET only) or <c>PERSIST</c> (GETEX only).</summary>
public readonly record struct Expiry(ExpiryKind Kind, long Value)
{
    public static Expiry None => default;

    public static Expiry KeepTtl => new(ExpiryKind.KeepTtl, 0);

    public static Expiry Persist => new(ExpiryKind.Persist, 0);

    /// <summary>EX: the server checks the number (it must be positive), so any value is passed on as given.</summary>
    public static Expiry InSeconds(long seconds) => new(ExpiryKind.Seconds, seconds);

    public static Expiry InMilliseconds(long milliseconds) => new(ExpiryKind.Milliseconds, milliseconds);

    /// <summary>PX with the span's whole milliseconds.</summary>
    public static Expiry After(TimeSpan timeToLive) => new(ExpiryKind.Milliseconds, (long)timeToLive.TotalMilliseconds);

    public override string ToString() => Kind switch
    {
        ExpiryKind.Seconds => "EX " + Value.ToString(CultureInfo.InvariantCulture),
        ExpiryKind.Milliseconds => "PX " + Value.ToString(CultureInfo.InvariantCulture),
        ExpiryKind.KeepTtl => "KEEPTTL",
        ExpiryKind.Persist => "PERSIST",
        _ => string.Empty,
    };
}
