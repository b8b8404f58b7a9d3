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
    ];
}
