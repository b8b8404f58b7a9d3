namespace MiniStore.Protocol;

/// <summary>SET's NX / XX.</summary>
public enum ConditionOption : byte
{
    None,

    /// <summary>NX: only if the key does not exist.</summary>
    Nx,

    /// <summary>XX: only if the key exists.</summary>
    Xx,
}

/// <summary>What SET or GETEX does to the key's expiry.</summary>
public enum ExpiryOption : byte
{
    /// <summary>SET: no expiry (clears an old one). GETEX: leave the expiry alone.</summary>
    None,

    /// <summary>EX or PX: expire after the request's <c>TtlMs</c> milliseconds.</summary>
    Ttl,

    /// <summary>SET KEEPTTL: keep the old expiry.</summary>
    KeepTtl,

    /// <summary>GETEX PERSIST: remove the expiry.</summary>
    Persist,
}

/// <summary>SET's options, validated.</summary>
/// <param name="Condition">NX / XX.</param>
/// <param name="Expiry">None, <see cref="ExpiryOption.Ttl"/> (EX or PX) or <see cref="ExpiryOption.KeepTtl"/>.</param>
/// <param name="TtlMs">With <see cref="ExpiryOption.Ttl"/>: the time to live in milliseconds (positive).</param>
/// <param name="Get">GET: reply with the old value.</param>
public readonly record struct SetArguments(ConditionOption Condition, ExpiryOption Expiry, long TtlMs, bool Get);

/// <summary>GETEX's options, validated.</summary>
/// <param name="Expiry">None, <see cref="ExpiryOption.Ttl"/> (EX or PX) or <see cref="ExpiryOption.Persist"/>.</param>
/// <param name="TtlMs">With <see cref="ExpiryOption.Ttl"/>: the time to live in milliseconds (positive).</param>
public readonly record struct GetExArguments(ExpiryOption Expiry, long TtlMs);
