namespace MiniStore.Protocol;

/// <summary>SET's NX / XX (named as the store names them: the server maps one to the other member for member).</summary>
public enum ConditionOption : byte
{
    Always,

    /// <summary>NX: only if the key does not exist.</summary>
    IfAbsent,

    /// <summary>XX: only if the key exists.</summary>
    IfPresent,
}

/// <summary>What SET or GETEX does to the key's expiry.</summary>
public enum ExpiryOption : byte
{
    /// <summary>SET: no expiry (clears an old one). GETEX: leave the expiry alone.</summary>
    None,

    /// <summary>EX or PX: expire after the request's <c>TtlMs</c> milliseconds.</summary>
    After,

    /// <summary>EXAT or PXAT: expire at the Unix time of the request's <c>TtlMs</c>, in milliseconds.</summary>
    At,

    /// <summary>SET KEEPTTL: keep the old expiry.</summary>
    Keep,

    /// <summary>GETEX PERSIST: remove the expiry.</summary>
    Persist,
}

/// <summary>SET's options, validated.</summary>
/// <param name="Condition">NX / XX.</param>
/// <param name="Expiry">None, <see cref="ExpiryOption.After"/> (EX or PX), <see cref="ExpiryOption.At"/> (EXAT or PXAT) or <see cref="ExpiryOption.Keep"/>.</param>
/// <param name="TtlMs">With <see cref="ExpiryOption.After"/>: the time to live in milliseconds; with <see cref="ExpiryOption.At"/>: the Unix time in milliseconds. Positive.</param>
/// <param name="Get">GET: reply with the old value.</param>
public readonly record struct SetArguments(ConditionOption Condition, ExpiryOption Expiry, long TtlMs, bool Get);

/// <summary>GETEX's options; their syntax is validated, their number only once the key is known to exist.</summary>
/// <param name="Expiry">None, <see cref="ExpiryOption.After"/> (EX or PX), <see cref="ExpiryOption.At"/> (EXAT or PXAT) or <see cref="ExpiryOption.Persist"/>.</param>
/// <param name="TtlMs">As <see cref="SetArguments.TtlMs"/>.</param>
/// <param name="NumberError">
/// A bad EX/PX/EXAT/PXAT number. Redis 7 judges it only when the key exists (a missing key answers nil), so it is
/// reported here instead of failing the parse.
/// </param>
public readonly record struct GetExArguments(ExpiryOption Expiry, long TtlMs, RequestError NumberError = RequestError.None);
