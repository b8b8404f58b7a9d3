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

    private Entry? _entry;
    private bool _modified;
    private bool _valueReplaced;
    private bool _disposed;

    internal KeySlot(KeyStore store, Shard shard, ReadOnlySpan<byte> key)
    {
        _store = store;
        _shard = shard;
        _key = key;
        shard.Gate.Enter();
        if (shard.Lookup.TryGetValue(key, out var storedKey, out var entry))
        {
            if (entry.HasDeadline && entry.IsExpired(store.NowMs))
            {
                store.RemoveExpired(shard, storedKey, entry);
            }
            else
            {
                _entry = entry;
                _before = new SlotBefore(storedKey, entry, entry.DeadlineMs, Entry.SizeOf(storedKey.Length, Entry.ValueBytes(entry.Value)));
            }
        }
    }

    /// <summary>Whether the key exists (as it stands now, changes in this slot included).</summary>
    public readonly bool Exists => _entry is not null;

    public readonly ValueKind Kind => _entry is null ? ValueKind.None : Entry.KindOf(_entry.Value);

    /// <summary>Bytes of the value as it stands: a string's length, a collection's estimate; 0 when absent.</summary>
    public readonly long ValueBytes => _entry is null ? 0 : Entry.ValueBytes(_entry.Value);

    /// <summary>The string value, or null when the key is absent or holds another type. Never write to it.</summary>
    public readonly byte[]? StringValue => _entry?.Value as byte[];

    /// <summary>The monotonic deadline (see <see cref="KeyStore.NowMs"/>), <see cref="KeyStore.NoDeadline"/> if none; the key must exist.</summary>
    public readonly long DeadlineMs => Live.DeadlineMs;

    public readonly bool HasDeadline => _entry is { HasDeadline: true };

    /// <summary>The collection of type <typeparamref name="T"/>, or null when the key is absent or holds another type.</summary>
    public readonly T? Collection<T>()
        where T : CollectionValue => _entry?.Value as T;

    /// <summary>
    /// The key's <typeparamref name="T"/>, created empty when the key is absent; false when the key holds another type
    /// (WRONGTYPE: change nothing). A collection still empty when the slot closes is not added. The caller changes it
    /// in place and calls <see cref="MarkModified"/> if it did.
    /// </summary>
    public bool TryGetOrCreate<T>(out T value)
        where T : CollectionValue, new()
    {
        if (_entry is null)
        {
            value = new T();
            _entry = new Entry(value, KeyStore.NoDeadline, _store.LruNow);
            return true;
        }

        if (_entry.Value is T existing)
        {
            value = existing;
            return true;
        }

        value = null!;
        return false;
    }

    /// <summary>Stores a string, replacing a value of any type. <paramref name="value"/> becomes the store's: never write to it again.</summary>
    public void SetString(byte[] value, long deadlineMs) => SetValue(value, deadlineMs);

    /// <summary>Stores <paramref name="value"/> (a <c>byte[]</c> or a collection no one else holds), replacing whatever the key held.</summary>
    public void SetValue(object value, long deadlineMs)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_entry is null)
        {
            _entry = new Entry(value, deadlineMs, _store.LruNow);
        }
        else
        {
            _entry.Value = value;
            _entry.DeadlineMs = deadlineMs;
            _entry.LastAccess = _store.LruNow;
        }

        _modified = true;
        _valueReplaced = true;
    }

    /// <summary>Sets the key's deadline (<see cref="KeyStore.NoDeadline"/> removes it); the key must exist.</summary>
    public void SetDeadline(long deadlineMs)
    {
        Live.DeadlineMs = deadlineMs;
        _modified = true;
    }

    /// <summary>Removes the key (whatever it holds).</summary>
    public void Delete()
    {
        if (_entry is not null)
        {
            _entry = null;
            _modified = true;
        }
    }

    /// <summary>Say that the collection was changed in place, so watchers hear of it and its size is re-read.</summary>
    public void MarkModified() => _modified = true;

    /// <summary>A read: stamps the key's recency for LRU eviction.</summary>
    public readonly void Touch()
    {
        if (_entry is not null)
        {
            _store.Touch(_entry);
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
            if (_modified || (_entry is not null && _before.Key is null))
            {
                Settle();
            }
        }
        finally
        {
            _shard.Gate.Exit();
        }
    }

    private readonly Entry Live => _entry ?? throw new InvalidOperationException("The key does not exist.");

    private void Settle()
    {
        if (_entry is { Value: CollectionValue { Count: 0 } })
        {
            // An emptied collection disappears with its key; one created and left empty was never there.
            _entry = null;
        }

        if (_entry is null)
        {
            if (_before.Key is null)
            {
                return;
            }

            _store.Removed(_shard, _before);
        }
        else if (_before.Key is null)
        {
            _store.Added(_shard, _key.ToArray(), _entry);
        }
        else
        {
            _store.Changed(_shard, _before, _entry, _valueReplaced);
        }

        _store.NotifyModified(_key);
    }
}

/// <summary>A key as a <see cref="KeySlot"/> found it: the stored key, its entry, its deadline and estimated size then.</summary>
internal readonly record struct SlotBefore(byte[]? Key, Entry? Entry, long DeadlineMs, long Size);
