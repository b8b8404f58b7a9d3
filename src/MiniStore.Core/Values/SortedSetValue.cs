namespace MiniStore.Core;

/// <summary>
/// A sorted set: members (byte strings) with scores, ordered by (score, member bytes) as Redis orders them. A dictionary
/// maps each member to its node; the nodes form a skip list whose links carry spans (Redis's zskiplist), so insert,
/// remove, rank and the node at a rank are O(log n). Each node also has a fixed slot in a slot array (holes are reused,
/// nodes never move), which ZSCAN's cursor walks: a member present for a whole scan is returned at least once.
/// Only ever touched with its key's <see cref="KeySlot"/> open (see <see cref="CollectionValue"/>).
/// </summary>
public sealed class SortedSetValue : CollectionValue
{
    /// <summary>A member's bytes beyond its own: array header, node, its level array, dictionary entry, slot.</summary>
    public const int MemberOverhead = 24 + 48 + 48 + 32 + 8;

    private const int MaxLevel = 32;

    private readonly Dictionary<byte[], Node> _nodes = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], Node>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly Node _header = new([], 0, MaxLevel);
    private readonly List<Node?> _slots = [];
    private readonly Stack<int> _freeSlots = new();
    private Node? _tail;
    private int _level = 1;
    private ulong _random = 0x9E3779B97F4A7C15;

    [ThreadStatic]
    private static Node[]? s_update;

    public SortedSetValue()
    {
        _lookup = _nodes.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public override ValueKind Kind => ValueKind.SortedSet;

    public override int Count => _nodes.Count;

    /// <summary>The lowest (score, member), or null when empty.</summary>
    public Node? First => _header.Levels[0].Forward;

    /// <summary>The highest, or null when empty.</summary>
    public Node? Last => _tail;

    /// <summary>Slots ZSCAN walks: 0 .. SlotCount-1; a slot may be empty.</summary>
    public int SlotCount => _slots.Count;

    /// <summary>The node in <paramref name="slot"/>, or null for a hole.</summary>
    public Node? AtSlot(int slot) => _slots[slot];

    public bool TryGetScore(ReadOnlySpan<byte> member, out double score)
    {
        if (_lookup.TryGetValue(member, out var node))
        {
            score = node.Score;
            return true;
        }

        score = 0;
        return false;
    }

    public bool Contains(ReadOnlySpan<byte> member) => _lookup.ContainsKey(member);

    /// <summary>The bytes adding <paramref name="member"/> would take (0 when already there).</summary>
    public long GrowthOf(ReadOnlySpan<byte> member) => _lookup.ContainsKey(member) ? 0 : member.Length + MemberOverhead;

    /// <summary>Sets a member's score, adding it if new; true when it is new. -0 is stored as 0.</summary>
    public bool Set(ReadOnlySpan<byte> member, double score)
    {
        if (double.IsNaN(score))
        {
            throw new ArgumentException("A score is never NaN.", nameof(score));
        }

        score += 0.0;
        if (_lookup.TryGetValue(member, out var existing))
        {
            if (existing.Score != score)
            {
                Unlink(existing);
                existing.Score = score;
                Link(existing);
            }

            return false;
        }

        var node = new Node(member.ToArray(), score, RandomLevel());
        _nodes.Add(node.Member, node);
        Link(node);
        if (_freeSlots.TryPop(out var slot))
        {
            _slots[slot] = node;
        }
        else
        {
            slot = _slots.Count;
            _slots.Add(node);
        }

        node.Slot = slot;
        SizeBytes += node.Member.Length + MemberOverhead;
        return true;
    }

    /// <summary>Removes a member; true if it was there.</summary>
    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (!_lookup.TryGetValue(member, out var node))
        {
            return false;
        }

        Remove(node);
        return true;
    }

    /// <summary>Removes a node of this set.</summary>
    public void Remove(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        _nodes.Remove(node.Member);
        Unlink(node);
        _slots[node.Slot] = null;
        if (_nodes.Count == 0)
        {
            _slots.Clear();
            _freeSlots.Clear();
        }
        else
        {
            _freeSlots.Push(node.Slot);
        }

        SizeBytes -= node.Member.Length + MemberOverhead;
    }

    /// <summary>The 0-based rank of <paramref name="member"/> in ascending order, or -1 when absent.</summary>
    public long RankOf(ReadOnlySpan<byte> member) => _lookup.TryGetValue(member, out var node) ? RankOf(node) : -1;

    /// <summary>The 0-based ascending rank of a node of this set.</summary>
    public long RankOf(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        long rank = 0;
        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && Compare(next, node.Score, node.Member) <= 0)
            {
                rank += x.Levels[i].Span;
                x = next;
            }

            if (ReferenceEquals(x, node))
            {
                return rank - 1;
            }
        }

        return rank - 1;
    }

    /// <summary>The node at 0-based ascending <paramref name="rank"/>, or null when out of range.</summary>
    public Node? AtRank(long rank)
    {
        if (rank < 0 || rank >= Count)
        {
            return null;
        }

        var target = rank + 1;
        long traversed = 0;
        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && traversed + x.Levels[i].Span <= target)
            {
                traversed += x.Levels[i].Span;
                x = next;
            }

            if (traversed == target)
            {
                return x;
            }
        }

        return null;
    }

    /// <summary>The lowest node with a score inside <paramref name="range"/>, or null.</summary>
    public Node? FirstIn(in ScoreRange range)
    {
        if (range.IsEmpty)
        {
            return null;
        }

        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && !range.AboveMin(next.Score))
            {
                x = next;
            }
        }

        var first = x.Levels[0].Forward;
        return first is not null && range.BelowMax(first.Score) ? first : null;
    }

    /// <summary>The highest node with a score inside <paramref name="range"/>, or null.</summary>
    public Node? LastIn(in ScoreRange range)
    {
        if (range.IsEmpty)
        {
            return null;
        }

        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && range.BelowMax(next.Score))
            {
                x = next;
            }
        }

        return !ReferenceEquals(x, _header) && range.AboveMin(x.Score) ? x : null;
    }

    /// <summary>
    /// Redis keeps a sorted set of at most this many members as a listpack, where a lex range is found by a walk in
    /// order rather than a skip-list descent. The two differ only when scores differ (Redis leaves that case
    /// unspecified), and walking as Redis does keeps even that case's replies equal to redis-server's.
    /// </summary>
    private const int CompactMembers = 128;

    /// <summary>The lowest node with a member inside <paramref name="range"/>, or null (meaningful when all scores are equal).</summary>
    public Node? FirstIn(in LexRange range)
    {
        if (range.IsEmpty)
        {
            return null;
        }

        if (Count <= CompactMembers)
        {
            // Redis's zzlIsInLexRange first: the range must reach the last member and start by the first one.
            if (First is null || !range.AboveMin(Last!.Member) || !range.BelowMax(First.Member))
            {
                return null;
            }

            var walked = First;
            while (walked is not null && !range.AboveMin(walked.Member))
            {
                walked = walked.Next;
            }

            return walked is not null && range.BelowMax(walked.Member) ? walked : null;
        }

        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && !range.AboveMin(next.Member))
            {
                x = next;
            }
        }

        var first = x.Levels[0].Forward;
        return first is not null && range.BelowMax(first.Member) ? first : null;
    }

    /// <summary>The highest node with a member inside <paramref name="range"/>, or null.</summary>
    public Node? LastIn(in LexRange range)
    {
        if (range.IsEmpty)
        {
            return null;
        }

        if (Count <= CompactMembers)
        {
            // Redis's zzlIsInLexRange first: the range must reach the last member and start by the first one.
            if (First is null || !range.AboveMin(Last!.Member) || !range.BelowMax(First.Member))
            {
                return null;
            }

            var walked = Last;
            while (walked is not null && !range.BelowMax(walked.Member))
            {
                walked = walked.Previous;
            }

            return walked is not null && range.AboveMin(walked.Member) ? walked : null;
        }

        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && range.BelowMax(next.Member))
            {
                x = next;
            }
        }

        return !ReferenceEquals(x, _header) && range.AboveMin(x.Member) ? x : null;
    }

    /// <summary>Members with a score inside <paramref name="range"/>.</summary>
    public long CountIn(in ScoreRange range)
    {
        var first = FirstIn(range);
        return first is null ? 0 : RankOf(LastIn(range)!) - RankOf(first) + 1;
    }

    /// <summary>Members inside the lex <paramref name="range"/>.</summary>
    public long CountIn(in LexRange range)
    {
        var first = FirstIn(range);
        return first is null ? 0 : RankOf(LastIn(range)!) - RankOf(first) + 1;
    }

    public override CollectionValue Clone()
    {
        var copy = new SortedSetValue();
        for (var node = First; node is not null; node = node.Next)
        {
            copy.Set(node.Member, node.Score);
        }

        return copy;
    }

    /// <summary>Redis's order: score, then member bytes (unsigned, a prefix first).</summary>
    private static int Compare(Node node, double score, byte[] member)
    {
        if (node.Score != score)
        {
            return node.Score < score ? -1 : 1;
        }

        return node.Member.AsSpan().SequenceCompareTo(member);
    }

    private int RandomLevel()
    {
        var level = 1;
        while (level < MaxLevel)
        {
            _random ^= _random << 13;
            _random ^= _random >> 7;
            _random ^= _random << 17;
            if ((_random & 3) != 0)
            {
                break;
            }

            level++;
        }

        return level;
    }

    private void Link(Node node)
    {
        Span<long> rank = stackalloc long[MaxLevel];
        var update = s_update ??= new Node[MaxLevel];
        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            rank[i] = i == _level - 1 ? 0 : rank[i + 1];
            while (x.Levels[i].Forward is { } next && Compare(next, node.Score, node.Member) < 0)
            {
                rank[i] += x.Levels[i].Span;
                x = next;
            }

            update[i] = x;
        }

        var level = node.Levels.Length;
        if (level > _level)
        {
            for (var i = _level; i < level; i++)
            {
                rank[i] = 0;
                update[i] = _header;
                _header.Levels[i].Span = _nodes.Count - 1;
            }

            _level = level;
        }

        for (var i = 0; i < level; i++)
        {
            node.Levels[i].Forward = update[i].Levels[i].Forward;
            update[i].Levels[i].Forward = node;
            node.Levels[i].Span = update[i].Levels[i].Span - (rank[0] - rank[i]);
            update[i].Levels[i].Span = rank[0] - rank[i] + 1;
        }

        for (var i = level; i < _level; i++)
        {
            update[i].Levels[i].Span++;
        }

        node.Backward = ReferenceEquals(update[0], _header) ? null : update[0];
        if (node.Levels[0].Forward is { } after)
        {
            after.Backward = node;
        }
        else
        {
            _tail = node;
        }
    }

    private void Unlink(Node node)
    {
        var update = s_update ??= new Node[MaxLevel];
        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && Compare(next, node.Score, node.Member) < 0)
            {
                x = next;
            }

            update[i] = x;
        }

        for (var i = 0; i < _level; i++)
        {
            if (ReferenceEquals(update[i].Levels[i].Forward, node))
            {
                update[i].Levels[i].Span += node.Levels[i].Span - 1;
                update[i].Levels[i].Forward = node.Levels[i].Forward;
            }
            else
            {
                update[i].Levels[i].Span--;
            }
        }

        if (node.Levels[0].Forward is { } after)
        {
            after.Backward = node.Backward;
        }
        else
        {
            _tail = node.Backward;
        }

        while (_level > 1 && _header.Levels[_level - 1].Forward is null)
        {
            _level--;
        }

        for (var i = 0; i < node.Levels.Length; i++)
        {
            node.Levels[i] = default;
        }

        node.Backward = null;
    }

    /// <summary>A member and its score in the order. Never write to <see cref="Member"/>.</summary>
    public sealed class Node
    {
        internal Node(byte[] member, double score, int level)
        {
            Member = member;
            Score = score;
            Levels = new Level[level];
        }

        public byte[] Member { get; }

        public double Score { get; internal set; }

        /// <summary>The next node in ascending order, or null.</summary>
        public Node? Next => Levels[0].Forward;

        /// <summary>The previous node, or null.</summary>
        public Node? Previous => Backward;

        internal Node? Backward { get; set; }

        internal Level[] Levels { get; }

        internal int Slot { get; set; }
    }

    internal struct Level
    {
        public Node? Forward;
        public long Span;
    }
}

/// <summary>A score interval, each end inclusive or exclusive (ZRANGEBYSCORE's <c>(1.5</c>).</summary>
public readonly record struct ScoreRange(double Min, double Max, bool MinExclusive, bool MaxExclusive)
{
    /// <summary>No score can be inside (Redis's <c>zslIsInRange</c> check on the bounds alone).</summary>
    public bool IsEmpty => Min > Max || (Min == Max && (MinExclusive || MaxExclusive));

    public bool AboveMin(double score) => MinExclusive ? score > Min : score >= Min;

    public bool BelowMax(double score) => MaxExclusive ? score < Max : score <= Max;

    public bool Contains(double score) => AboveMin(score) && BelowMax(score);
}

/// <summary>
/// A member interval (ZRANGEBYLEX): a bound is <c>-</c> (below everything), <c>+</c> (above everything) or a member,
/// inclusive (<c>[a</c>) or exclusive (<c>(a</c>).
/// </summary>
public readonly record struct LexRange(LexBound Min, LexBound Max)
{
    public bool IsEmpty
    {
        get
        {
            var order = LexBound.Compare(Min, Max);
            return order > 0 || (order == 0 && (Min.Exclusive || Max.Exclusive));
        }
    }

    public bool AboveMin(ReadOnlySpan<byte> member) => Min.Kind switch
    {
        LexBoundKind.NegativeInfinity => true,
        LexBoundKind.PositiveInfinity => false,
        _ => Min.Exclusive ? member.SequenceCompareTo(Min.Value) > 0 : member.SequenceCompareTo(Min.Value) >= 0,
    };

    public bool BelowMax(ReadOnlySpan<byte> member) => Max.Kind switch
    {
        LexBoundKind.NegativeInfinity => false,
        LexBoundKind.PositiveInfinity => true,
        _ => Max.Exclusive ? member.SequenceCompareTo(Max.Value) < 0 : member.SequenceCompareTo(Max.Value) <= 0,
    };

    public bool Contains(ReadOnlySpan<byte> member) => AboveMin(member) && BelowMax(member);
}

public enum LexBoundKind : byte
{
    Value,
    NegativeInfinity,
    PositiveInfinity,
}

/// <summary>One end of a <see cref="LexRange"/>.</summary>
public readonly record struct LexBound(LexBoundKind Kind, byte[] Value, bool Exclusive)
{
    public static LexBound NegativeInfinity => new(LexBoundKind.NegativeInfinity, [], false);

    public static LexBound PositiveInfinity => new(LexBoundKind.PositiveInfinity, [], false);

    /// <summary>Redis's <c>sdscmplex</c>: -, values, + in that order.</summary>
    public static int Compare(LexBound a, LexBound b)
    {
        if (a.Kind == b.Kind && a.Kind != LexBoundKind.Value)
        {
            return 0;
        }

        if (a.Kind == LexBoundKind.NegativeInfinity || b.Kind == LexBoundKind.PositiveInfinity)
        {
            return -1;
        }

        if (a.Kind == LexBoundKind.PositiveInfinity || b.Kind == LexBoundKind.NegativeInfinity)
        {
            return 1;
        }

        return a.Value.AsSpan().SequenceCompareTo(b.Value);
    }
}
