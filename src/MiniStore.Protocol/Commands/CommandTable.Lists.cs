using static MiniStore.Protocol.CommandTraits;

namespace MiniStore.Protocol;

public static partial class CommandTable
{
    private const string MPopComplexity = "O(N+M) where N is the number of provided keys and M is the number of elements returned.";

    /// <summary>The list commands.</summary>
    private static CommandSpec[] ListRows() =>
    [
        new(CommandId.LPush, "lpush", -3, Write | DenyOom | Fast, "@write @list @fast", Lists, "Prepend one or multiple elements to a list", "1.0.0", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.RPush, "rpush", -3, Write | DenyOom | Fast, "@write @list @fast", Lists, "Append one or multiple elements to a list", "1.0.0", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.LPushX, "lpushx", -3, Write | DenyOom | Fast, "@write @list @fast", Lists, "Prepend an element to a list, only if the list exists", "2.2.0", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.RPushX, "rpushx", -3, Write | DenyOom | Fast, "@write @list @fast", Lists, "Append an element to a list, only if the list exists", "2.2.0", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.LPop, "lpop", -2, Write | Fast, "@write @list @fast", Lists, "Remove and get the first elements in a list", "1.0.0", "O(N) where N is the number of elements returned", (1, 1, 1), maxArguments: 2, lineReply: LineReply.Value),
        new(CommandId.RPop, "rpop", -2, Write | Fast, "@write @list @fast", Lists, "Remove and get the last elements in a list", "1.0.0", "O(N) where N is the number of elements returned", (1, 1, 1), maxArguments: 2, lineReply: LineReply.Value),
        new(CommandId.LRange, "lrange", 4, ReadOnly, "@read @list @slow", Lists, "Get a range of elements from a list", "1.0.0", "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.LLen, "llen", 2, ReadOnly | Fast, "@read @list @fast", Lists, "Get the length of a list", "1.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.LIndex, "lindex", 3, ReadOnly, "@read @list @slow", Lists, "Get an element from a list by its index", "1.0.0", "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.LSet, "lset", 4, Write | DenyOom, "@write @list @slow", Lists, "Set the value of an element in a list by its index", "1.0.0", "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).", (1, 1, 1), lineReply: LineReply.Status),
        new(CommandId.LRem, "lrem", 4, Write, "@write @list @slow", Lists, "Remove elements from a list", "1.0.0", "O(N+M) where N is the length of the list and M is the number of elements removed.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.LTrim, "ltrim", 4, Write, "@write @list @slow", Lists, "Trim a list to the specified range", "1.0.0", "O(N) where N is the number of elements to be removed by the operation.", (1, 1, 1), lineReply: LineReply.Status),
        new(CommandId.LInsert, "linsert", 5, Write | DenyOom, "@write @list @slow", Lists, "Insert an element before or after another element in a list", "2.2.0", "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.LPos, "lpos", -3, ReadOnly, "@read @list @slow", Lists, "Return the index of matching elements on a list", "6.0.6", "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.LMove, "lmove", 5, Write | DenyOom, "@write @list @slow", Lists, "Pop an element from a list, push it to another list and return it", "6.2.0", "O(1)", (1, 2, 1), lineReply: LineReply.Value),
        new(CommandId.RPopLPush, "rpoplpush", 3, Write | DenyOom, "@write @list @slow", Lists, "Remove the last element in a list, prepend it to another list and return it", "1.2.0", "O(1)", (1, 2, 1), lineReply: LineReply.Value),
        new(CommandId.LMPop, "lmpop", -4, Write | MovableKeys, "@write @list @slow", Lists, "Pop elements from a list", "7.0.0", MPopComplexity, lineReply: LineReply.Value),
        new(CommandId.BLPop, "blpop", -3, Write | NoScript | Blocking, "@write @list @slow @blocking", Lists, "Remove and get the first element in a list, or block until one is available", "2.0.0", "O(N) where N is the number of provided keys.", (1, -2, 1), lineReply: LineReply.Value),
        new(CommandId.BRPop, "brpop", -3, Write | NoScript | Blocking, "@write @list @slow @blocking", Lists, "Remove and get the last element in a list, or block until one is available", "2.0.0", "O(N) where N is the number of provided keys.", (1, -2, 1), lineReply: LineReply.Value),
        new(CommandId.BLMove, "blmove", 6, Write | DenyOom | NoScript | Blocking, "@write @list @slow @blocking", Lists, "Pop an element from a list, push it to another list and return it; or block until one is available", "6.2.0", "O(1)", (1, 2, 1), lineReply: LineReply.Value),
        new(CommandId.BRPopLPush, "brpoplpush", 4, Write | DenyOom | NoScript | Blocking, "@write @list @slow @blocking", Lists, "Pop an element from a list, push it to another list and return it; or block until one is available", "2.2.0", "O(1)", (1, 2, 1), lineReply: LineReply.Value),
        new(CommandId.BLMPop, "blmpop", -5, Write | Blocking | MovableKeys, "@write @list @slow @blocking", Lists, "Pop elements from a list, or block until one is available", "7.0.0", MPopComplexity, lineReply: LineReply.Value),
    ];
}
