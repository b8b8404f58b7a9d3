using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>Sorted set commands over several keys or random members: ZUNIONSTORE, ZINTERSTORE, ZRANDMEMBER.</summary>
internal sealed partial class CommandDispatcher
{
    private enum ZAggregate : byte
    {
        Sum,
        Min,
        Max,
    }

    [Handles(CommandId.ZRandMember)]
    private CommandOutcome ZRandMember(in CommandContext c)
    {
        var request = c.Request;
        if (request.ArgumentCount == 1)
        {
            using var single = store.Open(request[0]);
            if (!TryReadZSet(c, single, out var one))
            {
                return CommandOutcome.Continue;
            }

            if (one is null)
            {
                c.Reply.Nil();
            }
            else
            {
                c.Reply.Value(one.AtRank(Random.Shared.NextInt64(one.Count))!.Member);
            }

            return CommandOutcome.Continue;
        }

        if (!CommandSyntax.TryParseInt64(request[1], out var requested))
        {
            ErrorReplies.NotAnInteger(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        if (requested == long.MinValue)
        {
            ZError(c, "value is out of range, value must between -9223372036854775807 and 9223372036854775807"u8);
            return CommandOutcome.Continue;
        }

        if (request.ArgumentCount > 3 || (request.ArgumentCount == 3 && !IsWord(request[2], "WITHSCORES"u8)))
        {
            ErrorReplies.Syntax(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var withScores = request.ArgumentCount == 3;
        if (withScores && (requested < -long.MaxValue / 2 || requested > long.MaxValue / 2))
        {
            ZError(c, "value is out of range"u8);
            return CommandOutcome.Continue;
        }

        using var slot = store.Open(request[0]);
        if (!TryReadZSet(c, slot, out var zset))
        {
            return CommandOutcome.Continue;
        }

        if (zset is null || requested == 0)
        {
            c.Reply.ArrayHeader(0);
            return CommandOutcome.Continue;
        }

        var nested = withScores && IsResp3(c);
        var size = zset.Count;
        if (requested < 0)
        {
            // Repeats allowed: that many independent picks.
            var picks = -requested;
            if (picks > int.MaxValue / 2)
            {
                ZError(c, "value is out of range"u8);
                return CommandOutcome.Continue;
            }

            c.Reply.ArrayHeader((int)(withScores && !nested ? picks * 2 : picks));
            for (long i = 0; i < picks; i++)
            {
                WriteRandomPick(c, zset.AtRank(Random.Shared.NextInt64(size))!, withScores, nested);
            }

            return CommandOutcome.Continue;
        }

        if (requested >= size)
        {
            c.Reply.ArrayHeader(withScores && !nested ? size * 2 : size);
            for (var node = zset.First; node is not null; node = node.Next)
            {
                WriteRandomPick(c, node, withScores, nested);
            }

            return CommandOutcome.Continue;
        }

        // Distinct: a partial Fisher-Yates shuffle of the ranks.
        var count = (int)requested;
        var ranks = new Dictionary<int, int>();
        c.Reply.ArrayHeader(withScores && !nested ? count * 2 : count);
        for (var i = 0; i < count; i++)
        {
            var j = Random.Shared.Next(i, size);
            var picked = ranks.TryGetValue(j, out var swapped) ? swapped : j;
            ranks[j] = ranks.TryGetValue(i, out var atI) ? atI : i;
            WriteRandomPick(c, zset.AtRank(picked)!, withScores, nested);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.ZUnionStore)]
    private CommandOutcome ZUnionStore(in CommandContext c) => ZStore(c, union: true);

    [Handles(CommandId.ZInterStore)]
    private CommandOutcome ZInterStore(in CommandContext c) => ZStore(c, union: false);

    /// <summary>Redis's <c>zunionInterDiffGenericCommand</c> for the STORE forms: every key locked together, sources read, result stored.</summary>
    private CommandOutcome ZStore(in CommandContext c, bool union)
    {
        var request = c.Request;
        if (!CommandSyntax.TryParseInt64(request[1], out var numKeys))
        {
            ErrorReplies.NotAnInteger(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        if (numKeys < 1)
        {
            ZError(c, union ? "at least 1 input key is needed for 'zunionstore' command"u8 : "at least 1 input key is needed for 'zinterstore' command"u8);
            return CommandOutcome.Continue;
        }

        if (numKeys > request.ArgumentCount - 2)
        {
            ErrorReplies.Syntax(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        var sourceCount = (int)numKeys;
        Span<int> shards = sourceCount < 64 ? stackalloc int[sourceCount + 1] : new int[sourceCount + 1];
        shards[0] = store.ShardIndexOf(request[0]);
        for (var i = 0; i < sourceCount; i++)
        {
            shards[i + 1] = store.ShardIndexOf(request[2 + i]);
        }

        using var locks = store.LockShards(shards);
        var sources = new List<KeyValuePair<byte[], double>>?[sourceCount];
        for (var i = 0; i < sourceCount; i++)
        {
            using var source = store.Open(request[2 + i]);
            if (!source.Exists)
            {
                continue;
            }

            if (source.Collection<SortedSetValue>() is { } zset)
            {
                var items = new List<KeyValuePair<byte[], double>>(zset.Count);
                for (var node = zset.First; node is not null; node = node.Next)
                {
                    items.Add(new(node.Member, node.Score));
                }

                sources[i] = items;
            }
            else if (source.Collection<SetValue>() is { } set)
            {
                var items = new List<KeyValuePair<byte[], double>>(set.Count);
                foreach (var member in set.Members)
                {
                    items.Add(new(member, 1.0));
                }

                sources[i] = items;
            }
            else
            {
                ErrorReplies.WrongType(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }
        }

        var weights = new double[sourceCount];
        weights.AsSpan().Fill(1.0);
        var aggregate = ZAggregate.Sum;
        var j = 2 + sourceCount;
        while (j < request.ArgumentCount)
        {
            var remaining = request.ArgumentCount - j;
            if (remaining >= sourceCount + 1 && IsWord(request[j], "WEIGHTS"u8))
            {
                j++;
                for (var i = 0; i < sourceCount; i++, j++)
                {
                    if (!FloatText.TryParse(request[j], out weights[i]))
                    {
                        ZError(c, "weight value is not a float"u8);
                        return CommandOutcome.Continue;
                    }
                }
            }
            else if (remaining >= 2 && IsWord(request[j], "AGGREGATE"u8))
            {
                var word = request[j + 1];
                if (IsWord(word, "SUM"u8))
                {
                    aggregate = ZAggregate.Sum;
                }
                else if (IsWord(word, "MIN"u8))
                {
                    aggregate = ZAggregate.Min;
                }
                else if (IsWord(word, "MAX"u8))
                {
                    aggregate = ZAggregate.Max;
                }
                else
                {
                    ErrorReplies.Syntax(c.Reply, c.Format);
                    return CommandOutcome.Continue;
                }

                j += 2;
            }
            else
            {
                ErrorReplies.Syntax(c.Reply, c.Format);
                return CommandOutcome.Continue;
            }
        }

        // Smallest first, as Redis orders them (it matters only to the rounding of sums).
        var order = Enumerable.Range(0, sourceCount).OrderBy(i => sources[i]?.Count ?? 0).ToArray();
        var result = new Dictionary<byte[], double>(ByteKeyComparer.Instance);
        if (union)
        {
            foreach (var i in order)
            {
                foreach (var (member, score) in sources[i] ?? [])
                {
                    var value = Weighted(weights[i], score);
                    result[member] = result.TryGetValue(member, out var existing) ? Aggregate(aggregate, existing, value) : value;
                }
            }
        }
        else if (order.All(i => sources[i] is { Count: > 0 }))
        {
            var lookups = new Dictionary<byte[], double>?[sourceCount];
            foreach (var (member, score) in sources[order[0]]!)
            {
                var value = Weighted(weights[order[0]], score);
                var everywhere = true;
                for (var k = 1; k < order.Length && everywhere; k++)
                {
                    var other = order[k];
                    var lookup = lookups[other] ??= sources[other]!.ToDictionary(p => p.Key, p => p.Value, ByteKeyComparer.Instance);
                    if (lookup.TryGetValue(member, out var otherScore))
                    {
                        value = Aggregate(aggregate, value, Weighted(weights[other], otherScore));
                    }
                    else
                    {
                        everywhere = false;
                    }
                }

                if (everywhere)
                {
                    result[member] = value;
                }
            }
        }

        using var destination = store.Open(request[0]);
        if (result.Count == 0)
        {
            if (destination.Exists)
            {
                destination.Delete();
            }

            c.Reply.Integer(0);
            return CommandOutcome.Continue;
        }

        var stored = new SortedSetValue();
        foreach (var (member, score) in result)
        {
            stored.Set(member, score);
        }

        if (!destination.TryReserve(stored.SizeBytes - destination.ValueBytes))
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        destination.SetValue(stored, KeyStore.NoDeadline);
        c.Reply.Integer(stored.Count);
        return CommandOutcome.Continue;
    }

    private static double Weighted(double weight, double score)
    {
        var value = weight * score;
        return double.IsNaN(value) ? 0 : value;
    }

    private static double Aggregate(ZAggregate aggregate, double target, double value)
    {
        switch (aggregate)
        {
            case ZAggregate.Min:
                return Math.Min(target, value);
            case ZAggregate.Max:
                return Math.Max(target, value);
            default:
                var sum = target + value;
                return double.IsNaN(sum) ? 0 : sum;
        }
    }

    private static void WriteRandomPick(in CommandContext c, SortedSetValue.Node node, bool withScores, bool nested)
    {
        if (withScores)
        {
            WriteScored(c, node, nested);
        }
        else
        {
            c.Reply.Value(node.Member);
        }
    }
}
