using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Blocking;

/// <summary>How a pop's reply is shaped (Redis 7.0's, per command).</summary>
internal enum PopShape : byte
{
    /// <summary>BLPOP, BRPOP: <c>[key, element]</c>.</summary>
    KeyAndElement,

    /// <summary>BLMOVE, BRPOPLPUSH: the element.</summary>
    Element,

    /// <summary>LMPOP, BLMPOP: <c>[key, [elements]]</c>.</summary>
    KeyAndElements,

    /// <summary>BZPOPMIN, BZPOPMAX: <c>[key, member, score]</c>.</summary>
    KeyMemberScore,

    /// <summary>ZMPOP, BZMPOP: <c>[key, [[member, score]...]]</c>.</summary>
    KeyAndScored,
}

/// <summary>What came out of a pop.</summary>
internal enum PopStatus : byte
{
    Popped,

    /// <summary>The key is absent: try the next one, or wait.</summary>
    Empty,

    WrongType,

    /// <summary>BLMOVE: the destination holds another type.</summary>
    DestinationWrongType,

    OutOfMemory,
}

/// <summary>The popped key and elements (with their scores for a sorted set).</summary>
internal sealed record PopResult(byte[] Key, byte[][] Elements, double[]? Scores);

/// <summary>
/// One pop of a list or sorted set command, parsed and copied so that it can outlive the request: run at once by the
/// command, or later for a waiting client by whoever made one of its keys ready (<see cref="BlockingRegistry"/>).
/// </summary>
internal sealed class PopSpec(PopShape shape, byte[][] keys, bool fromFront, int count, byte[]? destination = null, bool toFront = false)
{
    public PopShape Shape { get; } = shape;

    public byte[][] Keys { get; } = keys;

    public bool IsSortedSet => Shape is PopShape.KeyMemberScore or PopShape.KeyAndScored;

    /// <summary>Lists: from the head (LEFT); sorted sets: the lowest scores (MIN).</summary>
    public bool FromFront { get; } = fromFront;

    public int Count { get; } = count;

    public byte[]? Destination { get; } = destination;

    public bool ToFront { get; } = toFront;

    /// <summary>
    /// Whether <see cref="Pop"/> would pop from <paramref name="key"/>, changing nothing (locks held by the caller): a
    /// waiter is claimed only once its pop is sure to succeed.
    /// </summary>
    public PopStatus Check(KeyStore store, byte[] key)
    {
        using (var slot = store.Open(key))
        {
            if (!slot.Exists)
            {
                return PopStatus.Empty;
            }

            if (IsSortedSet ? slot.Kind != ValueKind.SortedSet : slot.Kind != ValueKind.List)
            {
                return PopStatus.WrongType;
            }
        }

        if (Destination is { } destination && !key.AsSpan().SequenceEqual(destination))
        {
            var kind = store.TypeOf(destination);
            if (kind is not (ValueKind.None or ValueKind.List))
            {
                return PopStatus.DestinationWrongType;
            }
        }

        return PopStatus.Popped;
    }

    /// <summary>
    /// Pops from <paramref name="key"/>, its shard (and the destination's) already locked by the caller so that checking
    /// and popping are one step for every other client.
    /// </summary>
    public PopStatus Pop(KeyStore store, byte[] key, out PopResult? result)
    {
        result = null;
        if (Destination is { } destination)
        {
            return Move(store, key, destination, out result);
        }

        using var slot = store.Open(key);
        if (!slot.Exists)
        {
            return PopStatus.Empty;
        }

        if (IsSortedSet)
        {
            var zset = slot.Collection<SortedSetValue>();
            if (zset is null)
            {
                return PopStatus.WrongType;
            }

            var popped = Math.Min(Count, zset.Count);
            var members = new byte[popped][];
            var scores = new double[popped];
            for (var i = 0; i < popped; i++)
            {
                var node = FromFront ? zset.First! : zset.Last!;
                members[i] = node.Member;
                scores[i] = node.Score;
                zset.Remove(node);
            }

            slot.MarkModified();
            result = new PopResult(key, members, scores);
            return PopStatus.Popped;
        }

        var list = slot.Collection<ListValue>();
        if (list is null)
        {
            return PopStatus.WrongType;
        }

        var taken = Math.Min(Count, list.Count);
        var elements = new byte[taken][];
        for (var i = 0; i < taken; i++)
        {
            elements[i] = FromFront ? list.PopFront() : list.PopBack();
        }

        slot.MarkModified();
        result = new PopResult(key, elements, null);
        return PopStatus.Popped;
    }

    /// <summary>BLMOVE / BRPOPLPUSH: LMOVE's semantics (the destination's type is checked before anything moves).</summary>
    private PopStatus Move(KeyStore store, byte[] source, byte[] destination, out PopResult? result)
    {
        result = null;
        using var from = store.Open(source);
        if (!from.Exists)
        {
            return PopStatus.Empty;
        }

        var list = from.Collection<ListValue>();
        if (list is null)
        {
            return PopStatus.WrongType;
        }

        if (source.AsSpan().SequenceEqual(destination))
        {
            var element = FromFront ? list.PopFront() : list.PopBack();
            Push(list, element);
            from.MarkModified();
            result = new PopResult(source, [element], null);
            return PopStatus.Popped;
        }

        using var to = store.Open(destination);
        if (!to.TryGetOrCreate<ListValue>(out var target))
        {
            return PopStatus.DestinationWrongType;
        }

        var moved = FromFront ? list[0] : list[list.Count - 1];
        if (!to.TryReserve(ListValue.SizeOf(moved.Length)))
        {
            return PopStatus.OutOfMemory;
        }

        _ = FromFront ? list.PopFront() : list.PopBack();
        Push(target, moved);
        from.MarkModified();
        to.MarkModified();
        result = new PopResult(source, [moved], null);
        return PopStatus.Popped;
    }

    private void Push(ListValue list, byte[] element)
    {
        if (ToFront)
        {
            list.PushFront(element);
        }
        else
        {
            list.PushBack(element);
        }
    }

    /// <summary>The reply to a pop that found something.</summary>
    public void WriteResult(ReplyWriter reply, PopResult result)
    {
        switch (Shape)
        {
            case PopShape.Element:
                reply.Value(result.Elements[0]);
                break;
            case PopShape.KeyAndElement:
                reply.ArrayHeader(2);
                reply.Value(result.Key);
                reply.Value(result.Elements[0]);
                break;
            case PopShape.KeyMemberScore:
                reply.ArrayHeader(3);
                reply.Value(result.Key);
                reply.Value(result.Elements[0]);
                reply.Double(result.Scores![0]);
                break;
            case PopShape.KeyAndElements:
                reply.ArrayHeader(2);
                reply.Value(result.Key);
                reply.ArrayHeader(result.Elements.Length);
                foreach (var element in result.Elements)
                {
                    reply.Value(element);
                }

                break;
            default:
                reply.ArrayHeader(2);
                reply.Value(result.Key);
                reply.ArrayHeader(result.Elements.Length);
                for (var i = 0; i < result.Elements.Length; i++)
                {
                    reply.ArrayHeader(2);
                    reply.Value(result.Elements[i]);
                    reply.Double(result.Scores![i]);
                }

                break;
        }
    }
}
