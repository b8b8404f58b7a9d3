namespace MiniStore.Core;

/// <summary>
/// A hash: fields to values, both bytes. Looked up by span, so reading a field never allocates. Only ever touched with
/// its key's <see cref="KeySlot"/> open (see <see cref="CollectionValue"/>).
/// </summary>
public sealed class HashValue : CollectionValue
{
    /// <summary>A field's bytes beyond its own and its value's: two array headers, the dictionary entry and bucket.</summary>
    private const int FieldOverhead = 24 + 24 + 24 + 8;

    private readonly Dictionary<byte[], byte[]> _fields = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], byte[]>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public HashValue()
    {
        _lookup = _fields.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public override ValueKind Kind => ValueKind.Hash;

    public override int Count => _fields.Count;

    /// <summary>The fields and values, in no particular order. Never write to the arrays.</summary>
    public IEnumerable<KeyValuePair<byte[], byte[]>> Fields => _fields;

    /// <summary>The value of <paramref name="field"/>, or null. Never write to the array.</summary>
    public byte[]? Get(ReadOnlySpan<byte> field) => _lookup.TryGetValue(field, out var value) ? value : null;

    public bool Contains(ReadOnlySpan<byte> field) => _lookup.ContainsKey(field);

    /// <summary>Sets a field; true when it is new (HSET counts those).</summary>
    public bool Set(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
    {
        if (_lookup.TryGetValue(field, out var storedField, out var old))
        {
            _fields[storedField] = value.ToArray();
            SizeBytes += value.Length - old.Length;
            return false;
        }

        _fields.Add(field.ToArray(), value.ToArray());
        SizeBytes += field.Length + value.Length + FieldOverhead;
        return true;
    }

    public override CollectionValue Clone()
    {
        var copy = new HashValue();
        copy._fields.EnsureCapacity(_fields.Count);
        foreach (var (field, value) in _fields)
        {
            copy._fields.Add(field, value);
        }

        // Stored arrays are never written to, so the copy may share them.
        copy.SizeBytes = SizeBytes;
        return copy;
    }

    /// <summary>Removes a field; true if it was there.</summary>
    public bool Remove(ReadOnlySpan<byte> field)
    {
        if (!_lookup.Remove(field, out var storedField, out var old))
        {
            return false;
        }

        SizeBytes -= storedField.Length + old.Length + FieldOverhead;
        return true;
    }
}
