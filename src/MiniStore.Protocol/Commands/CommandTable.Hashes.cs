using static MiniStore.Protocol.CommandTraits;

namespace MiniStore.Protocol;

public static partial class CommandTable
{
    /// <summary>The hash commands.</summary>
    private static CommandSpec[] HashRows() =>
    [
        new(CommandId.HSet, "hset", -4, Write | DenyOom | Fast, "@write @hash @fast", Hashes, "Set the string value of a hash field", "2.0.0", "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.HMSet, "hmset", -4, Write | DenyOom | Fast, "@write @hash @fast", Hashes, "Set multiple hash fields to multiple values", "2.0.0", "O(N) where N is the number of fields being set.", (1, 1, 1), lineReply: LineReply.Status),
        new(CommandId.HSetNx, "hsetnx", 4, Write | DenyOom | Fast, "@write @hash @fast", Hashes, "Set the value of a hash field, only if the field does not exist", "2.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.HGet, "hget", 3, ReadOnly | Fast, "@read @hash @fast", Hashes, "Get the value of a hash field", "2.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.HMGet, "hmget", -3, ReadOnly | Fast, "@read @hash @fast", Hashes, "Get the values of all the given hash fields", "2.0.0", "O(N) where N is the number of fields being requested.", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.HGetAll, "hgetall", 2, ReadOnly, "@read @hash @slow", Hashes, "Get all the fields and values in a hash", "2.0.0", "O(N) where N is the size of the hash.", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.HDel, "hdel", -3, Write | Fast, "@write @hash @fast", Hashes, "Delete one or more hash fields", "2.0.0", "O(N) where N is the number of fields to be removed.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.HExists, "hexists", 3, ReadOnly | Fast, "@read @hash @fast", Hashes, "Determine if a hash field exists", "2.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.HLen, "hlen", 2, ReadOnly | Fast, "@read @hash @fast", Hashes, "Get the number of fields in a hash", "2.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.HKeys, "hkeys", 2, ReadOnly, "@read @hash @slow", Hashes, "Get all the fields in a hash", "2.0.0", "O(N) where N is the size of the hash.", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.HVals, "hvals", 2, ReadOnly, "@read @hash @slow", Hashes, "Get all the values in a hash", "2.0.0", "O(N) where N is the size of the hash.", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.HStrLen, "hstrlen", 3, ReadOnly | Fast, "@read @hash @fast", Hashes, "Get the length of the value of a hash field", "3.2.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.HIncrBy, "hincrby", 4, Write | DenyOom | Fast, "@write @hash @fast", Hashes, "Increment the integer value of a hash field by the given number", "2.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.HIncrByFloat, "hincrbyfloat", 4, Write | DenyOom | Fast, "@write @hash @fast", Hashes, "Increment the float value of a hash field by the given amount", "2.6.0", "O(1)", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.HRandField, "hrandfield", -2, ReadOnly, "@read @hash @slow", Hashes, "Get one or multiple random fields from a hash", "6.2.0", "O(N) where N is the number of fields returned", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.HScan, "hscan", -3, ReadOnly, "@read @hash @slow", Hashes, "Incrementally iterate hash fields and associated values", "2.8.0", "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..", (1, 1, 1), lineReply: LineReply.Value),
    ];
}
