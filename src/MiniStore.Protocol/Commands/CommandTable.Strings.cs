using static MiniStore.Protocol.CommandTraits;

namespace MiniStore.Protocol;

public static partial class CommandTable
{
    private const string RangeComplexity = "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.";

    /// <summary>The string commands beyond the seed's (INCR family, MGET, MSET, APPEND, ...).</summary>
    private static CommandSpec[] StringRows() =>
    [
        new(CommandId.Incr, "incr", 2, Write | DenyOom | Fast, "@write @string @fast", Strings, "Increment the integer value of a key by one", "1.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.Decr, "decr", 2, Write | DenyOom | Fast, "@write @string @fast", Strings, "Decrement the integer value of a key by one", "1.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.IncrBy, "incrby", 3, Write | DenyOom | Fast, "@write @string @fast", Strings, "Increment the integer value of a key by the given amount", "1.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.DecrBy, "decrby", 3, Write | DenyOom | Fast, "@write @string @fast", Strings, "Decrement the integer value of a key by the given number", "1.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.IncrByFloat, "incrbyfloat", 3, Write | DenyOom | Fast, "@write @string @fast", Strings, "Increment the float value of a key by the given amount", "2.6.0", "O(1)", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.MGet, "mget", -2, ReadOnly | Fast, "@read @string @fast", Strings, "Get the values of all the given keys", "1.0.0", "O(N) where N is the number of keys to retrieve.", (1, -1, 1), lineReply: LineReply.Value),
        new(CommandId.MSet, "mset", -3, Write | DenyOom, "@write @string @slow", Strings, "Set multiple keys to multiple values", "1.0.1", "O(N) where N is the number of keys to set.", (1, -1, 2)),
        new(CommandId.MSetNx, "msetnx", -3, Write | DenyOom, "@write @string @slow", Strings, "Set multiple keys to multiple values, only if none of the keys exist", "1.0.1", "O(N) where N is the number of keys to set.", (1, -1, 2), lineReply: LineReply.Integer),
        new(CommandId.Append, "append", 3, Write | DenyOom | Fast, "@write @string @fast", Strings, "Append a value to a key", "2.0.0", "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.StrLen, "strlen", 2, ReadOnly | Fast, "@read @string @fast", Strings, "Get the length of the value stored in a key", "2.2.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.GetDel, "getdel", 2, Write | Fast, "@write @string @fast", Strings, "Get the value of a key and delete the key", "6.2.0", "O(1)", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.GetSet, "getset", 3, Write | DenyOom | Fast, "@write @string @fast", Strings, "Set the string value of a key and return its old value", "1.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.GetRange, "getrange", 4, ReadOnly, "@read @string @slow", Strings, "Get a substring of the string stored at a key", "2.4.0", RangeComplexity, (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.Substr, "substr", 4, ReadOnly, "@read @string @slow", Strings, "Get a substring of the string stored at a key", "1.0.0", RangeComplexity, (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.SetRange, "setrange", 4, Write | DenyOom, "@write @string @slow", Strings, "Overwrite part of a string at key starting at the specified offset", "2.2.0", "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.", (1, 1, 1), lineReply: LineReply.Integer),
    ];
}
