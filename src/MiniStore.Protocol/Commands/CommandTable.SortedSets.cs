using static MiniStore.Protocol.CommandTraits;

namespace MiniStore.Protocol;

public static partial class CommandTable
{
    /// <summary>COMMAND DOCS's group for the sorted set commands (Redis 7.0 spells it with a dash).</summary>
    private const string SortedSetGroup = "sorted-set";

    private const string ZRangeComplexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.";
    private const string ZRangeByComplexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).";
    private const string ZRemRangeComplexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.";
    private const string ZPopComplexity = "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.";

    private const string ZMPopComplexity = "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.";

    /// <summary>The sorted set commands.</summary>
    private static CommandSpec[] SortedSetRows() =>
    [
        new(CommandId.ZAdd, "zadd", -4, Write | DenyOom | Fast, "@write @sortedset @fast", SortedSetGroup, "Add one or more members to a sorted set, or update its score if it already exists", "1.2.0", "O(log(N)) for each item added, where N is the number of elements in the sorted set.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.ZScore, "zscore", 3, ReadOnly | Fast, "@read @sortedset @fast", SortedSetGroup, "Get the score associated with the given member in a sorted set", "1.2.0", "O(1)", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.ZCard, "zcard", 2, ReadOnly | Fast, "@read @sortedset @fast", SortedSetGroup, "Get the number of members in a sorted set", "1.2.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.ZRem, "zrem", -3, Write | Fast, "@write @sortedset @fast", SortedSetGroup, "Remove one or more members from a sorted set", "1.2.0", "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.ZPopMin, "zpopmin", -2, Write | Fast, "@write @sortedset @fast", SortedSetGroup, "Remove and return members with the lowest scores in a sorted set", "5.0.0", ZPopComplexity, (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.ZPopMax, "zpopmax", -2, Write | Fast, "@write @sortedset @fast", SortedSetGroup, "Remove and return members with the highest scores in a sorted set", "5.0.0", ZPopComplexity, (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.ZIncrBy, "zincrby", 4, Write | DenyOom | Fast, "@write @sortedset @fast", SortedSetGroup, "Increment the score of a member in a sorted set", "1.2.0", "O(log(N)) where N is the number of elements in the sorted set.", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.ZMScore, "zmscore", -3, ReadOnly | Fast, "@read @sortedset @fast", SortedSetGroup, "Get the score associated with the given members in a sorted set", "6.2.0", "O(N) where N is the number of members being requested.", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.ZRange, "zrange", -4, ReadOnly, "@read @sortedset @slow", SortedSetGroup, "Return a range of members in a sorted set", "1.2.0", ZRangeComplexity, (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.ZRangeByScore, "zrangebyscore", -4, ReadOnly, "@read @sortedset @slow", SortedSetGroup, "Return a range of members in a sorted set, by score", "1.0.5", ZRangeByComplexity, (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.ZRevRange, "zrevrange", -4, ReadOnly, "@read @sortedset @slow", SortedSetGroup, "Return a range of members in a sorted set, by index, with scores ordered from high to low", "1.2.0", ZRangeComplexity, (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.ZRevRangeByScore, "zrevrangebyscore", -4, ReadOnly, "@read @sortedset @slow", SortedSetGroup, "Return a range of members in a sorted set, by score, with scores ordered from high to low", "2.2.0", ZRangeByComplexity, (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.ZRangeByLex, "zrangebylex", -4, ReadOnly, "@read @sortedset @slow", SortedSetGroup, "Return a range of members in a sorted set, by lexicographical range", "2.8.9", ZRangeByComplexity, (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.ZRevRangeByLex, "zrevrangebylex", -4, ReadOnly, "@read @sortedset @slow", SortedSetGroup, "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.", "2.8.9", ZRangeByComplexity, (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.ZCount, "zcount", 4, ReadOnly | Fast, "@read @sortedset @fast", SortedSetGroup, "Count the members in a sorted set with scores within the given values", "2.0.0", "O(log(N)) with N being the number of elements in the sorted set.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.ZLexCount, "zlexcount", 4, ReadOnly | Fast, "@read @sortedset @fast", SortedSetGroup, "Count the number of members in a sorted set between a given lexicographical range", "2.8.9", "O(log(N)) with N being the number of elements in the sorted set.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.ZRank, "zrank", 3, ReadOnly | Fast, "@read @sortedset @fast", SortedSetGroup, "Determine the index of a member in a sorted set", "2.0.0", "O(log(N))", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.ZRevRank, "zrevrank", 3, ReadOnly | Fast, "@read @sortedset @fast", SortedSetGroup, "Determine the index of a member in a sorted set, with scores ordered from high to low", "2.0.0", "O(log(N))", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.ZRemRangeByScore, "zremrangebyscore", 4, Write, "@write @sortedset @slow", SortedSetGroup, "Remove all members in a sorted set within the given scores", "1.2.0", ZRemRangeComplexity, (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.ZRemRangeByRank, "zremrangebyrank", 4, Write, "@write @sortedset @slow", SortedSetGroup, "Remove all members in a sorted set within the given indexes", "2.0.0", ZRemRangeComplexity, (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.ZRemRangeByLex, "zremrangebylex", 4, Write, "@write @sortedset @slow", SortedSetGroup, "Remove all members in a sorted set between the given lexicographical range", "2.8.9", ZRemRangeComplexity, (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.ZScan, "zscan", -3, ReadOnly, "@read @sortedset @slow", SortedSetGroup, "Incrementally iterate sorted sets elements and associated scores", "2.8.0", "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.ZRandMember, "zrandmember", -2, ReadOnly, "@read @sortedset @slow", SortedSetGroup, "Get one or multiple random elements from a sorted set", "6.2.0", "O(N) where N is the number of elements returned", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.ZUnionStore, "zunionstore", -4, Write | DenyOom | MovableKeys, "@write @sortedset @slow", SortedSetGroup, "Add multiple sorted sets and store the resulting sorted set in a new key", "2.0.0", "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.ZInterStore, "zinterstore", -4, Write | DenyOom | MovableKeys, "@write @sortedset @slow", SortedSetGroup, "Intersect multiple sorted sets and store the resulting sorted set in a new key", "2.0.0", "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.ZMPop, "zmpop", -4, Write | MovableKeys, "@write @sortedset @slow", SortedSetGroup, "Remove and return members with scores in a sorted set", "7.0.0", ZMPopComplexity, lineReply: LineReply.Value),
        new(CommandId.BZPopMin, "bzpopmin", -3, Write | NoScript | Blocking | Fast, "@write @sortedset @fast @blocking", SortedSetGroup, "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available", "5.0.0", "O(log(N)) with N being the number of elements in the sorted set.", (1, -2, 1), lineReply: LineReply.Value),
        new(CommandId.BZPopMax, "bzpopmax", -3, Write | NoScript | Blocking | Fast, "@write @sortedset @fast @blocking", SortedSetGroup, "Remove and return the member with the highest score from one or more sorted sets, or block until one is available", "5.0.0", "O(log(N)) with N being the number of elements in the sorted set.", (1, -2, 1), lineReply: LineReply.Value),
        new(CommandId.BZMPop, "bzmpop", -5, Write | Blocking | MovableKeys, "@write @sortedset @slow @blocking", SortedSetGroup, "Remove and return members with scores in a sorted set or block until one is available", "7.0.0", ZMPopComplexity, lineReply: LineReply.Value),
    ];
}
