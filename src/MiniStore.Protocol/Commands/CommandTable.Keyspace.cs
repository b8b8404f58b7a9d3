using static MiniStore.Protocol.CommandTraits;

namespace MiniStore.Protocol;

public static partial class CommandTable
{
    /// <summary>The keyspace commands beyond the seed's (EXPIRE family, TYPE, KEYS, SCAN, RENAME, ...).</summary>
    private static CommandSpec[] KeyspaceRows() =>
    [
        new(CommandId.Expire, "expire", -3, Write | Fast, "@keyspace @write @fast", Generic, "Set a key's time to live in seconds", "1.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.PExpire, "pexpire", -3, Write | Fast, "@keyspace @write @fast", Generic, "Set a key's time to live in milliseconds", "2.6.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.ExpireAt, "expireat", -3, Write | Fast, "@keyspace @write @fast", Generic, "Set the expiration for a key as a UNIX timestamp", "1.2.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.PExpireAt, "pexpireat", -3, Write | Fast, "@keyspace @write @fast", Generic, "Set the expiration for a key as a UNIX timestamp specified in milliseconds", "2.6.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.ExpireTime, "expiretime", 2, ReadOnly | Fast, "@keyspace @read @fast", Generic, "Get the expiration Unix timestamp for a key", "7.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.PExpireTime, "pexpiretime", 2, ReadOnly | Fast, "@keyspace @read @fast", Generic, "Get the expiration Unix timestamp for a key in milliseconds", "7.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.Persist, "persist", 2, Write | Fast, "@keyspace @write @fast", Generic, "Remove the expiration from a key", "2.2.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.Type, "type", 2, ReadOnly | Fast, "@keyspace @read @fast", Generic, "Determine the type stored at key", "1.0.0", "O(1)", (1, 1, 1)),
        new(CommandId.Touch, "touch", -2, ReadOnly | Fast, "@keyspace @read @fast", Generic, "Alters the last access time of a key(s). Returns the number of existing keys specified.", "3.2.1", "O(N) where N is the number of keys that will be touched.", (1, -1, 1), lineReply: LineReply.Integer),
        new(CommandId.RandomKey, "randomkey", 1, ReadOnly, "@keyspace @read @slow", Generic, "Return a random key from the keyspace", "1.0.0", "O(1)", lineReply: LineReply.Value),
        new(CommandId.Keys, "keys", 2, ReadOnly, "@keyspace @read @slow @dangerous", Generic, "Find all keys matching the given pattern", "1.0.0", "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.", lineReply: LineReply.Value),
        new(CommandId.Scan, "scan", -2, ReadOnly, "@keyspace @read @slow", Generic, "Incrementally iterate the keys space", "2.8.0", "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.", lineReply: LineReply.Value),
        new(CommandId.Rename, "rename", 3, Write, "@keyspace @write @slow", Generic, "Rename a key", "1.0.0", "O(1)", (1, 2, 1)),
        new(CommandId.RenameNx, "renamenx", 3, Write | Fast, "@keyspace @write @fast", Generic, "Rename a key, only if the new key does not exist", "1.0.0", "O(1)", (1, 2, 1), lineReply: LineReply.Integer),
        new(CommandId.Copy, "copy", -3, Write | DenyOom, "@keyspace @write @slow", Generic, "Copy a key", "6.2.0", "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.", (1, 2, 1), lineReply: LineReply.Integer),
        new(CommandId.ObjectInfo, "object", -2, None, "@slow", Generic, "A container for object introspection commands", "2.2.3", "Depends on subcommand.", subcommands:
        [
            new(CommandId.ObjectInfo, "encoding", 3, ReadOnly, "@keyspace @read @slow", Generic, "Inspect the internal encoding of a Redis object", "2.2.3", "O(1)", (2, 2, 1), lineReply: LineReply.Value),
            new(CommandId.ObjectInfo, "freq", 3, ReadOnly, "@keyspace @read @slow", Generic, "Get the logarithmic access frequency counter of a Redis object", "4.0.0", "O(1)", (2, 2, 1), lineReply: LineReply.Integer),
            new(CommandId.ObjectInfo, "refcount", 3, ReadOnly, "@keyspace @read @slow", Generic, "Get the number of references to the value of the key", "2.2.3", "O(1)", (2, 2, 1), lineReply: LineReply.Integer),
            new(CommandId.ObjectInfo, "help", 2, Loading | Stale, "@keyspace @slow", Generic, "Show helpful text about the different subcommands", "6.2.0", "O(1)"),
        ]),
    ];
}
