namespace MiniStore.Core;

/// <summary>When a set may write.</summary>
public enum SetCondition : byte
{
    Always,

    /// <summary>NX: only when the key does not exist.</summary>
    IfAbsent,

    /// <summary>XX: only when the key exists.</summary>
    IfPresent,
}

/// <summary>What a write does to the key's expiry.</summary>
public enum ExpiryMode : byte
{
    /// <summary>The key never expires (a plain SET clears any old expiry).</summary>
    None,

    /// <summary>KEEPTTL: keep the old entry's deadline.</summary>
    Keep,

    /// <summary>EX/PX: expire after <see cref="SetOptions.TtlMs"/> milliseconds.</summary>
    After,

    /// <summary>EXAT/PXAT: expire at the Unix time <see cref="SetOptions.TtlMs"/>, in milliseconds (a past time expires the key at once).</summary>
    At,
}

/// <summary>The options of SET, already validated by the protocol layer.</summary>
public readonly record struct SetOptions(
    SetCondition Condition = SetCondition.Always,
    ExpiryMode Expiry = ExpiryMode.None,
    long TtlMs = 0,
    bool ReturnOld = false)
{
    public static SetOptions Plain => default;
}

public enum SetStatus : byte
{
    /// <summary>The value was stored.</summary>
    Written,

    /// <summary>NX or XX stopped the write.</summary>
    ConditionNotMet,

    /// <summary>The TTL is not positive or its deadline would overflow.</summary>
    InvalidExpireTime,

    /// <summary>The memory cap forbids the write and the policy may not evict.</summary>
    OutOfMemory,

    /// <summary>SET … GET on a key that holds another type: nothing was written.</summary>
    WrongType,
}

public enum GetExStatus : byte
{
    /// <summary>Read (and the expiry changed as asked); the value is null when the key is absent.</summary>
    Done,

    /// <summary>The TTL is not positive or its deadline would overflow; nothing changed.</summary>
    InvalidExpireTime,

    /// <summary>The key holds another type; nothing changed.</summary>
    WrongType,
}

/// <param name="Status">What happened.</param>
/// <param name="OldValue">With <see cref="SetOptions.ReturnOld"/>: the value before the call, or null if there was none.</param>
public readonly record struct SetResult(SetStatus Status, ReadOnlyMemory<byte>? OldValue);

/// <summary>What GETEX does to the expiry of a key it reads.</summary>
public enum GetExpiryChange : byte
{
    /// <summary>Read only.</summary>
    None,

    /// <summary>EX/PX: a new deadline.</summary>
    ExpireAfter,

    /// <summary>EXAT/PXAT: a new deadline at a Unix time in milliseconds.</summary>
    ExpireAt,

    /// <summary>PERSIST: remove the deadline.</summary>
    Persist,
}
