namespace MiniStore.Core;

/// <summary>
/// A hash: fields to values, both bytes. A dictionary maps each field to its position in an array of entries, so
/// reading a field goes by span (never allocates) and a uniformly random field (HRANDFIELD) or a position to resume
/// from (HSCAN) is one array index away. Fields keep their insertion order while the hash is small, as Redis's listpack
/// keeps it (HGETALL after HDEL answers as redis-server does); in a larger hash, whose order Redis does not keep either,
/// removal swaps the last entry into the gap. Either way an entry only ever moves down, which a scan walking from the
/// top relies on. Only ever touched with its key's <see cref="KeySlot"/> open (see <see cref="CollectionValue"/>).
/// </summary>
public sealed class HashValue : CollectionValue
{
    /// <summary>A field's bytes beyond its own and its value's: two array headers, the dictionary entry and bucket, the entry slot.</summary>
    private const int FieldOverhead = 24 + 24 + 24 + 8 + 16;

    /// <summary>Up to this many fields a removal keeps the order (Redis's default hash-max-listpack-entries).</summary>
    private const int OrderKeptUpTo = 512;

    private readonly Dictionary<byte[], int> _positions = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly List<KeyValuePair<byte[], byte[]>> _entries = [];

    public HashValue()
    {
        _lookup = _positions.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public override ValueKind Kind => ValueKind.Hash;

    public override int Count => _entries.Count;

    /// <summary>The fields and values: insertion order while small, then no particular order. Never write to the arrays.</summary>
    public IReadOnlyList<KeyValuePair<byte[], byte[]>> Fields => _entries;

    /// <summary>The entry at <paramref name="index"/> (0..Count-1); order changes on removal. Never write to the arrays.</summary>
    public KeyValuePair<byte[], byte[]> this[int index] => _entries[index];

    /// <summary>The value of <paramref name="field"/>, or null. Never write to the array.</summary>
    public byte[]? Get(ReadOnlySpan<byte> field) => _lookup.TryGetValue(field, out var position) ? _entries[position].Value : null;

    public bool Contains(ReadOnlySpan<byte> field) => _lookup.ContainsKey(field);

    /// <summary>
    /// The bytes setting <paramref name="field"/> to a value of <paramref name="valueLength"/> bytes would add: the whole field when new,
    /// the value's growth when it replaces a shorter one, 0 otherwise (a shrink never needs room).
    /// </summary>
    public long GrowthOf(ReadOnlySpan<byte> field, int valueLength)
    {
        if (_lookup.TryGetValue(field, out var position))
        {
            return Math.Max(0, valueLength - _entries[position].Value.Length);
        }

        return field.Length + valueLength + FieldOverhead;
    }

    /// <summary>Sets a field; true when it is new (HSET counts those).</summary>
    public bool Set(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value) => Set(field, value.ToArray());

    /// <summary>As <see cref="Set(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>, taking <paramref name="value"/> as is: never write to it again.</summary>
    public bool Set(ReadOnlySpan<byte> field, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_lookup.TryGetValue(field, out var position))
        {
            var (storedField, old) = _entries[position];
            _entries[position] = new(storedField, value);
            SizeBytes += value.Length - old.Length;
            return false;
        }

        var stored = field.ToArray();
        _positions.Add(stored, _entries.Count);
        _entries.Add(new(stored, value));
        SizeBytes += stored.Length + value.Length + FieldOverhead;
        return true;
    }

    /// <summary>Removes a field; true if it was there.</summary>
    public bool Remove(ReadOnlySpan<byte> field)
    {
        if (!_lookup.Remove(field, out var storedField, out var position))
        {
            return false;
        }

        var old = _entries[position].Value;
        var last = _entries.Count - 1;
        if (_entries.Count <= OrderKeptUpTo)
        {
            _entries.RemoveAt(position);
            for (var i = position; i < last; i++)
            {
                _positions[_entries[i].Key] = i;
            }
        }
        else
        {
            if (position != last)
            {
                var moved = _entries[last];
                _entries[position] = moved;
                _positions[moved.Key] = position;
            }

            _entries.RemoveAt(last);
        }

        SizeBytes -= storedField.Length + old.Length + FieldOverhead;
        return true;
    }

    public override CollectionValue Clone()
    {
        var copy = new HashValue();
        copy._positions.EnsureCapacity(_entries.Count);
        copy._entries.Capacity = _entries.Count;
        foreach (var entry in _entries)
        {
            // Stored arrays are never written to, so the copy may share them.
            copy._positions.Add(entry.Key, copy._entries.Count);
            copy._entries.Add(entry);
        }

        copy.SizeBytes = SizeBytes;
        return copy;
    }
}
