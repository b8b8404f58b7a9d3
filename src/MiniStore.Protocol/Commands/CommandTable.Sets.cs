using static MiniStore.Protocol.CommandTraits;

namespace MiniStore.Protocol;

public static partial class CommandTable
{
    /// <summary>The set commands.</summary>
    private static CommandSpec[] SetRows() =>
    [
        new(CommandId.SAdd, "sadd", -3, Write | DenyOom | Fast, "@write @set @fast", Sets, "Add one or more members to a set", "1.0.0", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.SRem, "srem", -3, Write | Fast, "@write @set @fast", Sets, "Remove one or more members from a set", "1.0.0", "O(N) where N is the number of members to be removed.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.SIsMember, "sismember", 3, ReadOnly | Fast, "@read @set @fast", Sets, "Determine if a given value is a member of a set", "1.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.SCard, "scard", 2, ReadOnly | Fast, "@read @set @fast", Sets, "Get the number of members in a set", "1.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.SMembers, "smembers", 2, ReadOnly, "@read @set @slow", Sets, "Get all the members in a set", "1.0.0", "O(N) where N is the set cardinality.", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.SMIsMember, "smismember", -3, ReadOnly | Fast, "@read @set @fast", Sets, "Returns the membership associated with the given elements for a set", "6.2.0", "O(N) where N is the number of elements being checked for membership", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.SPop, "spop", -2, Write | Fast, "@write @set @fast", Sets, "Remove and return one or multiple random members from a set", "1.0.0", "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.SRandMember, "srandmember", -2, ReadOnly, "@read @set @slow", Sets, "Get one or multiple random members from a set", "1.0.0", "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.SInter, "sinter", -2, ReadOnly, "@read @set @slow", Sets, "Intersect multiple sets", "1.0.0", "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.", (1, -1, 1), lineReply: LineReply.Value),
        new(CommandId.SUnion, "sunion", -2, ReadOnly, "@read @set @slow", Sets, "Add multiple sets", "1.0.0", "O(N) where N is the total number of elements in all given sets.", (1, -1, 1), lineReply: LineReply.Value),
        new(CommandId.SDiff, "sdiff", -2, ReadOnly, "@read @set @slow", Sets, "Subtract multiple sets", "1.0.0", "O(N) where N is the total number of elements in all given sets.", (1, -1, 1), lineReply: LineReply.Value),
        new(CommandId.SInterStore, "sinterstore", -3, Write | DenyOom, "@write @set @slow", Sets, "Intersect multiple sets and store the resulting set in a key", "1.0.0", "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.", (1, -1, 1), lineReply: LineReply.Integer),
        new(CommandId.SUnionStore, "sunionstore", -3, Write | DenyOom, "@write @set @slow", Sets, "Add multiple sets and store the resulting set in a key", "1.0.0", "O(N) where N is the total number of elements in all given sets.", (1, -1, 1), lineReply: LineReply.Integer),
        new(CommandId.SDiffStore, "sdiffstore", -3, Write | DenyOom, "@write @set @slow", Sets, "Subtract multiple sets and store the resulting set in a key", "1.0.0", "O(N) where N is the total number of elements in all given sets.", (1, -1, 1), lineReply: LineReply.Integer),
        new(CommandId.SInterCard, "sintercard", -3, ReadOnly | MovableKeys, "@read @set @slow", Sets, "Intersect multiple sets and return the cardinality of the result", "7.0.0", "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.", (0, 0, 0), lineReply: LineReply.Integer),
        new(CommandId.SMove, "smove", 4, Write | Fast, "@write @set @fast", Sets, "Move a member from one set to another", "1.0.0", "O(1)", (1, 2, 1), lineReply: LineReply.Integer),
        new(CommandId.SScan, "sscan", -3, ReadOnly, "@read @set @slow", Sets, "Incrementally iterate Set elements", "2.8.0", "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..", (1, 1, 1), lineReply: LineReply.Value),
    ];
}
