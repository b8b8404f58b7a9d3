namespace MiniStore.Core;

/// <summary>
/// A list of byte strings: a deque in a growable ring buffer, so pushing and popping at either end and reading by index
/// are O(1); inserting or removing in the middle moves the elements of the nearer side. Only ever touched with its
/// key's <see cref="KeySlot"/> open (see <see cref="CollectionValue"/>). Stored arrays are never written to.
/// </summary>
public sealed class ListValue : CollectionValue
{
    /// <summary>An element's bytes beyond its own: the array header and its slot in the ring.</summary>
    public const int ElementOverhead = 24 + 8;

    private const int MinimumCapacity = 4;

    private byte[][] _items = [];
    private int _head;
    private int _count;

    public override ValueKind Kind => ValueKind.List;

    public override int Count => _count;

    /// <summary>The bytes an element of <paramref name="elementLength"/> bytes takes once stored.</summary>
    public static long SizeOf(int elementLength) => elementLength + ElementOverhead;

    /// <summary>The element at <paramref name="index"/> (0..Count-1). Never write to it.</summary>
    public byte[] this[int index]
    {
        get
        {
            CheckIndex(index);
            return _items[Physical(index)];
        }
    }

    /// <summary>Replaces the element at <paramref name="index"/>; the array becomes the list's.</summary>
    public void Set(int index, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        CheckIndex(index);
        ref var slot = ref _items[Physical(index)];
        SizeBytes += value.Length - slot.Length;
        slot = value;
    }

    public void PushFront(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        EnsureCapacity(_count + 1);
        _head = _head == 0 ? _items.Length - 1 : _head - 1;
        _items[_head] = value;
        _count++;
        SizeBytes += SizeOf(value.Length);
    }

    public void PushBack(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        EnsureCapacity(_count + 1);
        _items[Physical(_count)] = value;
        _count++;
        SizeBytes += SizeOf(value.Length);
    }

    public byte[] PopFront()
    {
        CheckIndex(0);
        var value = _items[_head];
        _items[_head] = null!;
        _head = _head + 1 == _items.Length ? 0 : _head + 1;
        _count--;
        SizeBytes -= SizeOf(value.Length);
        ShrinkIfSparse();
        return value;
    }

    public byte[] PopBack()
    {
        CheckIndex(0);
        var at = Physical(_count - 1);
        var value = _items[at];
        _items[at] = null!;
        _count--;
        SizeBytes -= SizeOf(value.Length);
        ShrinkIfSparse();
        return value;
    }

    /// <summary>Inserts <paramref name="value"/> so that it ends up at <paramref name="index"/> (0..Count).</summary>
    public void Insert(int index, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, _count);
        if (index == 0)
        {
            PushFront(value);
            return;
        }

        if (index == _count)
        {
            PushBack(value);
            return;
        }

        EnsureCapacity(_count + 1);
        if (index < _count / 2)
        {
            // Move the first `index` elements one step towards the front.
            _head = _head == 0 ? _items.Length - 1 : _head - 1;
            for (var i = 0; i < index; i++)
            {
                _items[Physical(i)] = _items[Physical(i + 1)];
            }
        }
        else
        {
            for (var i = _count; i > index; i--)
            {
                _items[Physical(i)] = _items[Physical(i - 1)];
            }
        }

        _items[Physical(index)] = value;
        _count++;
        SizeBytes += SizeOf(value.Length);
    }

    /// <summary>Removes the element at <paramref name="index"/>.</summary>
    public void RemoveAt(int index)
    {
        CheckIndex(index);
        var removed = _items[Physical(index)];
        if (index < _count / 2)
        {
            for (var i = index; i > 0; i--)
            {
                _items[Physical(i)] = _items[Physical(i - 1)];
            }

            _items[_head] = null!;
            _head = _head + 1 == _items.Length ? 0 : _head + 1;
        }
        else
        {
            for (var i = index; i < _count - 1; i++)
            {
                _items[Physical(i)] = _items[Physical(i + 1)];
            }

            _items[Physical(_count - 1)] = null!;
        }

        _count--;
        SizeBytes -= SizeOf(removed.Length);
        ShrinkIfSparse();
    }

    /// <summary>
    /// Removes up to <paramref name="limit"/> elements equal to <paramref name="element"/> (0: all of them), from the
    /// front, or from the back when <paramref name="fromBack"/>; how many were removed (LREM). One pass, O(Count).
    /// </summary>
    public int RemoveMatching(ReadOnlySpan<byte> element, int limit, bool fromBack)
    {
        var removed = 0;
        var kept = new byte[_count][];
        var keptCount = 0;
        if (!fromBack)
        {
            for (var i = 0; i < _count; i++)
            {
                var item = _items[Physical(i)];
                if ((limit == 0 || removed < limit) && item.AsSpan().SequenceEqual(element))
                {
                    removed++;
                    SizeBytes -= SizeOf(item.Length);
                }
                else
                {
                    kept[keptCount++] = item;
                }
            }
        }
        else
        {
            var write = _count;
            for (var i = _count - 1; i >= 0; i--)
            {
                var item = _items[Physical(i)];
                if ((limit == 0 || removed < limit) && item.AsSpan().SequenceEqual(element))
                {
                    removed++;
                    SizeBytes -= SizeOf(item.Length);
                }
                else
                {
                    kept[--write] = item;
                }
            }

            keptCount = _count - removed;
            if (removed > 0)
            {
                Array.Copy(kept, removed, kept, 0, keptCount);
            }
        }

        if (removed > 0)
        {
            Replace(kept, keptCount);
        }

        return removed;
    }

    /// <summary>Keeps only the elements from <paramref name="start"/> through <paramref name="stop"/> (already clamped, start ≤ stop), or none when <paramref name="start"/> &gt; <paramref name="stop"/>.</summary>
    public void Trim(int start, int stop)
    {
        if (start > stop || start >= _count || stop < 0)
        {
            Clear();
            return;
        }

        start = Math.Max(start, 0);
        stop = Math.Min(stop, _count - 1);
        while (_count - 1 > stop)
        {
            PopBackQuiet();
        }

        for (var i = 0; i < start; i++)
        {
            PopFrontQuiet();
        }

        ShrinkIfSparse();
    }

    /// <summary>The index of the first element equal to <paramref name="element"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> element)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_items[Physical(i)].AsSpan().SequenceEqual(element))
            {
                return i;
            }
        }

        return -1;
    }

    public void Clear()
    {
        _items = [];
        _head = 0;
        _count = 0;
        SizeBytes = 0;
    }

    public override CollectionValue Clone()
    {
        var copy = new ListValue();
        var items = new byte[Math.Max(_count, MinimumCapacity)][];
        for (var i = 0; i < _count; i++)
        {
            items[i] = _items[Physical(i)];
        }

        copy.Replace(items, _count);
        copy.SizeBytes = SizeBytes;
        return copy;
    }

    private void PopFrontQuiet()
    {
        var value = _items[_head];
        _items[_head] = null!;
        _head = _head + 1 == _items.Length ? 0 : _head + 1;
        _count--;
        SizeBytes -= SizeOf(value.Length);
    }

    private void PopBackQuiet()
    {
        var at = Physical(_count - 1);
        var value = _items[at];
        _items[at] = null!;
        _count--;
        SizeBytes -= SizeOf(value.Length);
    }

    private void Replace(byte[][] items, int count)
    {
        if (count == 0)
        {
            _items = [];
        }
        else
        {
            _items = items;
        }

        _head = 0;
        _count = count;
        if (count > 0)
        {
            ShrinkIfSparse();
        }
    }

    private int Physical(int index)
    {
        var at = _head + index;
        return at >= _items.Length ? at - _items.Length : at;
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _items.Length)
        {
            return;
        }

        Resize(Math.Max(MinimumCapacity, Math.Max(needed, _items.Length * 2)));
    }

    private void ShrinkIfSparse()
    {
        if (_count == 0)
        {
            _items = [];
            _head = 0;
        }
        else if (_items.Length > MinimumCapacity * 4 && _count < _items.Length / 4)
        {
            Resize(Math.Max(MinimumCapacity, _items.Length / 2));
        }
    }

    private void Resize(int capacity)
    {
        var items = new byte[capacity][];
        for (var i = 0; i < _count; i++)
        {
            items[i] = _items[Physical(i)];
        }

        _items = items;
        _head = 0;
    }
}
