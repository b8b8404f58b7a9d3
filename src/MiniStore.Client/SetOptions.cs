namespace MiniStore.Client;

/// <summary>SET's NX / XX.</summary>
public enum SetCondition : byte
{
    /// <summary>Write whether or not the key exists.</summary>
    Always,

    /// <summary>NX: write only if the key does not exist.</summary>
    IfNotExists,

    /// <summary>XX: write only if the key exists.</summary>
    IfExists,
}

/// <summary>SET's options besides GET (which has its own methods, as it changes the reply).</summary>
/// <param name="Condition">NX / XX.</param>
/// <param name="Expiry">EX, PX or KEEPTTL; <see cref="ExpiryKind.Persist"/> is not a SET option.</param>
public readonly record struct SetOptions(SetCondition Condition = SetCondition.Always, Expiry Expiry = default)
{
    public static SetOptions IfNotExists => new(SetCondition.IfNotExists);

    public static SetOptions IfExists => new(SetCondition.IfExists);

    public static SetOptions WithExpiry(Expiry expiry) => new(SetCondition.Always, expiry);
}
