namespace MiniStore.Core;

/// <summary>The string operations the seed protocol has: GET, SET with its options, GETEX.</summary>
public sealed partial class KeyStore
{
    /// <summary>The value of a live string key, or null (absent, or another type). The bytes are the stored ones, which never change.</summary>
    public ReadOnlyMemory<byte>? Get(ReadOnlySpan<byte> key)
    {
        GetString(key, out var value);
        return value;
    }

    /// <summary>
    /// A lock-free read of a string: the key's type (<see cref="ValueKind.None"/> when absent; another type is WRONGTYPE
    /// for the caller) and, for a string, its value: the stored bytes, which never change (a write stores new ones).
    /// </summary>
    public ValueKind GetString(ReadOnlySpan<byte> key, out ReadOnlyMemory<byte>? value)
    {
        var shard = ShardOf(key);
        if (!shard.Lookup.TryGetValue(key, out var entry))
        {
            value = null;
            return ValueKind.None;
        }

        // The common case, a live string, reads the packed array once: its deadline, then its bytes.
        if (entry is byte[] packed)
        {
            var deadline = Entry.DeadlineOf(packed);
            if (deadline == NoDeadline || _clock.NowMs < deadline)
            {
                Touch(packed);
                value = Entry.Text(packed);
                return ValueKind.String;
            }
        }

        return GetStringSlow(shard, key, out value);
    }

    /// <summary>An expired key (reclaimed, then read again) or a collection (WRONGTYPE for the caller).</summary>
    private ValueKind GetStringSlow(Shard shard, ReadOnlySpan<byte> key, out ReadOnlyMemory<byte>? value)
    {
        if (!TryGetLive(shard, key, out var entry))
        {
            value = null;
            return ValueKind.None;
        }

        Touch(entry);
        if (entry is byte[] packed)
        {
            value = Entry.Text(packed);
            return ValueKind.String;
        }

        value = null;
        return Entry.KindOf(entry);
    }

    public SetResult Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, in SetOptions options)
    {
        var deadline = NoDeadline;
        if (options.Expiry == ExpiryMode.After && !TryDeadlineAfter(options.TtlMs, out deadline))
        {
            return new SetResult(SetStatus.InvalidExpireTime, null);
        }

        if (options.Expiry == ExpiryMode.At)
        {
            deadline = DeadlineAt(options.TtlMs);
        }

        using var slot = Open(key);
        var old = slot.StringValue;
        if (options.ReturnOld && slot.Exists && old is null)
        {
            return new SetResult(SetStatus.WrongType, null);
        }

        if (slot.Exists ? options.Condition == SetCondition.IfAbsent : options.Condition == SetCondition.IfPresent)
        {
            return new SetResult(SetStatus.ConditionNotMet, options.ReturnOld ? old : null);
        }

        var growth = slot.Exists ? value.Length - slot.ValueBytes : Entry.SizeOf(key.Length, value.Length);
        if (!slot.TryReserve(growth))
        {
            return new SetResult(SetStatus.OutOfMemory, null);
        }

        if (options.Expiry == ExpiryMode.Keep)
        {
            deadline = slot.Exists ? slot.DeadlineMs : NoDeadline;
        }

        slot.SetString(value, deadline);
        return new SetResult(SetStatus.Written, options.ReturnOld ? old : null);
    }

    /// <summary>
    /// GETEX: reads a live string key and optionally changes its expiry. <paramref name="value"/> is null when the key
    /// is absent (as Redis, a missing key answers nil before the expire time is judged).
    /// </summary>
    public GetExStatus GetAndUpdateExpiry(ReadOnlySpan<byte> key, GetExpiryChange change, long ttlMs, out ReadOnlyMemory<byte>? value)
    {
        value = null;
        if (change == GetExpiryChange.None)
        {
            return GetString(key, out value) is ValueKind.None or ValueKind.String ? GetExStatus.Done : GetExStatus.WrongType;
        }

        using var slot = Open(key);
        if (!slot.Exists)
        {
            return GetExStatus.Done;
        }

        if (slot.StringValue is not { } current)
        {
            return GetExStatus.WrongType;
        }

        var deadline = NoDeadline;
        if (change == GetExpiryChange.ExpireAfter && !TryDeadlineAfter(ttlMs, out deadline))
        {
            return GetExStatus.InvalidExpireTime;
        }

        if (change == GetExpiryChange.ExpireAt)
        {
            deadline = DeadlineAt(ttlMs);
        }

        slot.Touch();
        if (slot.DeadlineMs != deadline)
        {
            slot.SetDeadline(deadline);
        }

        value = current;
        return GetExStatus.Done;
    }
}
