namespace MiniStore.Core;

/// <summary>
/// A set of byte strings. A dictionary maps each member to its position in an array of members, so lookups go by span
/// (no allocation) and a uniformly random member is one array index away; removal swaps the last member into the gap.
/// Only ever touched with its key's <see cref="KeySlot"/> open (see <see cref="CollectionValue"/>).
/// </summary>
public sealed class SetValue : CollectionValue
{
    /// <summary>A member's bytes beyond its own: array header, dictionary entry and bucket, array slot.</summary>
    private const int MemberOverhead = 24 + 24 + 8 + 8;

    private readonly Dictionary<byte[], int> _positions = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly List<byte[]> _members = [];

    public SetValue()
    {
        _lookup = _positions.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public override ValueKind Kind => ValueKind.Set;

    public override int Count => _members.Count;

    /// <summary>The member at <paramref name="index"/> (0..Count-1); order changes on removal. Never write to it.</summary>
    public byte[] this[int index] => _members[index];

    /// <summary>The members, in no particular order. Never write to the arrays.</summary>
    public IReadOnlyList<byte[]> Members => _members;

    public bool Contains(ReadOnlySpan<byte> member) => _lookup.ContainsKey(member);

    /// <summary>Adds a member; true when it is new.</summary>
    public bool Add(ReadOnlySpan<byte> member)
    {
        if (_lookup.ContainsKey(member))
        {
            return false;
        }

        var stored = member.ToArray();
        _positions.Add(stored, _members.Count);
        _members.Add(stored);
        SizeBytes += stored.Length + MemberOverhead;
        return true;
    }

    /// <summary>
    /// Adds a member without copying it (set algebra builds results from other sets' members, which are never written
    /// to); true when it is new. <paramref name="member"/> becomes the set's: never write to it again.
    /// </summary>
    public bool AddShared(byte[] member)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (!_positions.TryAdd(member, _members.Count))
        {
            return false;
        }

        _members.Add(member);
        SizeBytes += member.Length + MemberOverhead;
        return true;
    }

    /// <summary>Removes and returns the member at <paramref name="index"/> (0..Count-1); the last member takes its place.</summary>
    public byte[] RemoveAt(int index)
    {
        var member = _members[index];
        Remove(member);
        return member;
    }

    /// <summary>The bytes adding <paramref name="member"/> would take (0 when already there).</summary>
    public long GrowthOf(ReadOnlySpan<byte> member) => _lookup.ContainsKey(member) ? 0 : member.Length + MemberOverhead;

    /// <summary>Removes a member; true if it was there.</summary>
    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (!_lookup.Remove(member, out var stored, out var position))
        {
            return false;
        }

        var last = _members.Count - 1;
        if (position != last)
        {
            var moved = _members[last];
            _members[position] = moved;
            _positions[moved] = position;
        }

        _members.RemoveAt(last);
        SizeBytes -= stored.Length + MemberOverhead;
        return true;
    }

    public override CollectionValue Clone()
    {
        var copy = new SetValue();
        copy._positions.EnsureCapacity(_members.Count);
        foreach (var member in _members)
        {
            // Stored arrays are never written to, so the copy may share them.
            copy._positions.Add(member, copy._members.Count);
            copy._members.Add(member);
        }

        copy.SizeBytes = SizeBytes;
        return copy;
    }
}
