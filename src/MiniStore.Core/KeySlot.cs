namespace MiniStore.Core;

/// <summary>
/// Exclusive access to one key for as long as the slot is open: it holds the key's shard lock, so no other change
/// to any key of that shard interleaves, and the value may be read and changed in place. Opened by
/// <see cref="KeyStore.Open"/>; an expired key is reclaimed first, so a slot only ever shows a live key. Everything a
/// change implies is settled once, on <see cref="Dispose"/>: a new key is added, an emptied collection removed with
/// its key, counters and <c>used_memory</c> follow the value's size, a new deadline is scheduled, and watchers hear of
/// the change. Always dispose it (<c>using var slot = store.Open(key)</c>), and keep it open only for one command.
/// </summary>
public ref struct KeySlot
{
    private readonly KeyStore _store;
    private readonly Shard _shard;
    private readonly ReadOnlySpan<byte> _key;

    // What the key was when the slot opened (Key is null when it did not exist).
    private readonly SlotBefore _before;

    // The key's entry as it stands in this slot: a packed string or a collection (see Entry); null when absent. A new
    // value is published to the dictionary when the slot closes, with one dictionary write.
    private object? _value;
    private bool _modified;
    private bool _valueReplaced;
    private bool _disposed;

    internal KeySlot(KeyStore store, Shard shard, ReadOnlySpan<byte> key)
    {
        _store = store;
        _shard = shard;
        _key = key;
        shard.Gate.Enter();
        if (shard.Lookup.TryGetValue(key, out var storedKey, out var value))
        {
            var deadline = Entry.DeadlineOf(value);
            if (deadline != Entry.NoDeadline && store.NowMs >= deadline)
            {
                store.RemoveExpired(shard, storedKey, value);
            }
            else
            {
                _value = value;
                _before = new SlotBefore(storedKey, value, deadline, Entry.SizeOf(storedKey.Length, value));
            }
        }
    }

    /// <summary>Whether the key exists (as it stands now, changes in this slot included).</summary>
    public readonly bool Exists => _value is not null;

    public readonly ValueKind Kind => _value is null ? ValueKind.None : Entry.KindOf(_value);

    /// <summary>Bytes of the value as it stands: a string's length, a collection's estimate; 0 when absent.</summary>
    public readonly long ValueBytes => _value is null ? 0 : Entry.ValueBytes(_value);

    /// <summary>
    /// The string value, or null when the key is absent or holds another type. The bytes are the stored ones: they
    /// never change (a write stores new ones), so the memory may be kept after the slot closes.
    /// </summary>
    public readonly ReadOnlyMemory<byte>? StringValue => _value is byte[] packed ? Entry.Text(packed) : (ReadOnlyMemory<byte>?)null;

    /// <summary>The monotonic deadline (see <see cref="KeyStore.NowMs"/>), <see cref="KeyStore.NoDeadline"/> if none; the key must exist.</summary>
    public readonly long DeadlineMs => Entry.DeadlineOf(Live);

    public readonly bool HasDeadline => _value is not null && Entry.HasDeadline(_value);

    /// <summary>The collection of type <typeparamref name="T"/>, or null when the key is absent or holds another type.</summary>
    public readonly T? Collection<T>()
        where T : CollectionValue => _value as T;

    /// <summary>
    /// The key's <typeparamref name="T"/>, created empty when the key is absent; false when the key holds another type
    /// (WRONGTYPE: change nothing). A collection still empty when the slot closes is not added. The caller changes it
    /// in place and calls <see cref="MarkModified"/> if it did.
    /// </summary>
    public bool TryGetOrCreate<T>(out T value)
        where T : CollectionValue, new()
    {
        if (_value is null)
        {
            value = new T { LastAccess = _store.LruNow };
            _value = value;
            return true;
        }

        if (_value is T existing)
        {
            value = existing;
            return true;
        }

        value = null!;
        return false;
    }

    /// <summary>Stores a copy of <paramref name="value"/> as a string, replacing a value of any type.</summary>
    public void SetString(scoped ReadOnlySpan<byte> value, long deadlineMs) => Replace(Entry.NewString(value, deadlineMs, _store.LruNow));

    /// <summary>
    /// Stores a new string of <paramref name="length"/> bytes, replacing a value of any type, and returns its bytes for
    /// the caller to fill before the slot closes (no reader sees them until then). Saves the copy that building the
    /// value elsewhere and passing it to <see cref="SetString"/> costs.
    /// </summary>
    public Span<byte> SetNewString(int length, long deadlineMs)
    {
        var packed = Entry.NewString(length, deadlineMs, _store.LruNow);
        Replace(packed);
        return Entry.Payload(packed);
    }

    /// <summary>
    /// Stores <paramref name="value"/>, replacing whatever the key held: a <c>byte[]</c> is a string's bytes (copied), a
    /// collection must be one no one else holds (it becomes the store's).
    /// </summary>
    public void SetValue(object value, long deadlineMs)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is byte[] text)
        {
            SetString(text, deadlineMs);
            return;
        }

        var collection = (CollectionValue)value;
        collection.DeadlineMs = deadlineMs;
        collection.LastAccess = _store.LruNow;
        Replace(collection);
    }

    /// <summary>
    /// Moves this key's value, deadline included, to <paramref name="destination"/> (replacing what it held) and deletes
    /// this key: RENAME, without copying the value. This key must exist.
    /// </summary>
    public void MoveTo(ref KeySlot destination)
    {
        var value = Live;
        Delete();
        destination.Replace(value);
    }

    /// <summary>Sets the key's deadline (<see cref="KeyStore.NoDeadline"/> removes it); the key must exist.</summary>
    public void SetDeadline(long deadlineMs)
    {
        // In place (the value bytes of a string never change, only its header), so it is visible at once, as before.
        Entry.SetDeadline(Live, deadlineMs);
        _modified = true;
    }

    /// <summary>Removes the key (whatever it holds).</summary>
    public void Delete()
    {
        if (_value is not null)
        {
            _value = null;
            _modified = true;
        }
    }

    /// <summary>Say that the collection was changed in place, so watchers hear of it and its size is re-read.</summary>
    public void MarkModified() => _modified = true;

    /// <summary>A read: stamps the key's recency for LRU eviction.</summary>
    public readonly void Touch()
    {
        if (_value is not null)
        {
            _store.Touch(_value);
        }
    }

    /// <summary>
    /// Makes room under the memory cap for <paramref name="growth"/> more bytes, evicting other keys by policy; false
    /// when the write must be refused (out of memory). This key is never the one evicted.
    /// </summary>
    public readonly bool TryReserve(long growth) => _store.EnsureRoom(growth, _key);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (_modified || (_value is not null && _before.Key is null))
            {
                Settle();
            }
        }
        finally
        {
            _shard.Gate.Exit();
        }
    }

    private readonly object Live => _value ?? throw new InvalidOperationException("The key does not exist.");

    private void Replace(object value)
    {
        _value = value;
        _modified = true;
        _valueReplaced = true;
    }

    private void Settle()
    {
        if (_value is CollectionValue { Count: 0 })
        {
            // An emptied collection disappears with its key; one created and left empty was never there.
            _value = null;
        }

        if (_value is null)
        {
            if (_before.Key is null)
            {
                return;
            }

            _store.Removed(_shard, _before);
        }
        else if (_before.Key is null)
        {
            _store.Added(_shard, _key.ToArray(), _value);
        }
        else
        {
            _store.Changed(_shard, _before, _value, _valueReplaced);
        }

        _store.NotifyModified(_key);
    }
}

/// <summary>A key as a <see cref="KeySlot"/> found it: the stored key, its entry (value), its deadline and estimated size then.</summary>
internal readonly record struct SlotBefore(byte[]? Key, object? Value, long DeadlineMs, long Size);
