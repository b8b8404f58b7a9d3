using System.Numerics;
using static MiniStore.Protocol.CommandTraits;

namespace MiniStore.Protocol;

/// <summary>
/// The single source of truth for commands: one row per command and subcommand, from which recognition, arity errors,
/// authentication and pause gating, MONITOR, CLIENT LIST, metrics and COMMAND COUNT|INFO|DOCS derive. Adding a command
/// is one row here plus one handler in its family's file (README, "Adding a command").
/// </summary>
/// <remarks>
/// Flags, arity, key positions and ACL categories are those redis-server 7.0 reports (COMMAND INFO), so clients that
/// read them (redis-cli, cluster-aware clients) see what they expect.
/// </remarks>
public static partial class CommandTable
{
    private const string Connection = "connection";
    private const string Server = "server";
    private const string Strings = "string";
    private const string Generic = "generic";
    private const string Hashes = "hash";
    private const string Lists = "list";
    private const string Sets = "set";
    private const string SortedSets = "sorted_set";
    private const string PubSub = "pubsub";
    private const string Transactions = "transactions";

    private static readonly CommandSpec[] Rows =
    [
        .. CoreRows(),
        .. KeyspaceRows(),
        .. StringRows(),
        .. HashRows(),
        .. ListRows(),
        .. SetRows(),
        .. SortedSetRows(),
        .. PubSubRows(),
        .. TransactionRows(),
        .. PersistenceRows(),
    ];

    /// <summary>The seed's commands and the connection and server families.</summary>
    private static CommandSpec[] CoreRows() =>
    [
        new(CommandId.Ping, "ping", -1, Fast, "@fast @connection", Connection, "Ping the server", "1.0.0", "O(1)", maxArguments: 1),
        new(CommandId.Get, "get", 2, ReadOnly | Fast, "@read @string @fast", Strings, "Get the value of a key", "1.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.Set, "set", -3, Write | DenyOom, "@write @string @slow", Strings, "Set the string value of a key", "1.0.0", "O(1)", (1, 1, 1)),
        new(CommandId.GetEx, "getex", -2, Write | Fast, "@write @string @fast", Strings, "Get the value of a key and optionally set its expiration", "6.2.0", "O(1)", (1, 1, 1), lineReply: LineReply.Value),
        new(CommandId.Ttl, "ttl", 2, ReadOnly | Fast, "@keyspace @read @fast", Generic, "Get the time to live for a key in seconds", "1.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.Pttl, "pttl", 2, ReadOnly | Fast, "@keyspace @read @fast", Generic, "Get the time to live for a key in milliseconds", "2.6.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.Del, "del", -2, Write, "@keyspace @write @slow", Generic, "Delete a key", "1.0.0", "O(N) where N is the number of keys that will be removed.", (1, -1, 1), lineReply: LineReply.Integer),
        new(CommandId.Exists, "exists", -2, ReadOnly | Fast, "@keyspace @read @fast", Generic, "Determine if a key exists", "1.0.0", "O(N) where N is the number of keys to check.", (1, -1, 1), lineReply: LineReply.Integer),
        new(CommandId.DbSize, "dbsize", 1, ReadOnly | Fast, "@keyspace @read @fast", Server, "Return the number of keys in the selected database", "1.0.0", "O(1)", lineReply: LineReply.Integer),
        new(CommandId.Info, "info", -1, Loading | Stale, "@slow @dangerous", Server, "Get information and statistics about the server", "1.0.0", "O(1)"),
        new(CommandId.FlushAll, "flushall", -1, Write, "@keyspace @write @slow @dangerous", Server, "Remove all keys from all databases", "1.0.0", "O(N) where N is the total number of keys in all databases"),
        new(CommandId.Quit, "quit", -1, NoScript | Loading | Stale | Fast | NoAuth | AllowBusy, "@fast @connection", Connection, "Close the connection", "1.0.0", "O(1)", maxArguments: 0),
        new(CommandId.Pass, "pass", 2, NoAuth | SkipMonitor | LineOnly, "@fast @connection", Connection, "Authenticate to the server (MiniStore line protocol)", "0.1.0", "O(1)"),
        new(CommandId.Auth, "auth", -2, NoScript | Loading | Stale | Fast | NoAuth | AllowBusy | SkipMonitor, "@fast @connection", Connection, "Authenticate to the server", "1.0.0", "O(N) where N is the number of passwords defined for the user"),
        new(CommandId.Hello, "hello", -1, NoScript | Loading | Stale | Fast | NoAuth | AllowBusy | SkipMonitor, "@fast @connection", Connection, "Handshake with Redis", "6.0.0", "O(1)"),
        new(CommandId.Select, "select", 2, Loading | Stale | Fast, "@fast @connection", Connection, "Change the selected database for the current connection", "1.0.0", "O(1)"),
        new(CommandId.Echo, "echo", 2, Loading | Stale | Fast, "@fast @connection", Connection, "Echo the given string", "1.0.0", "O(1)", lineReply: LineReply.Value),
        new(CommandId.Client, "client", -2, None, "@slow", Connection, "A container for client connection commands", "2.4.0", "Depends on subcommand.", subcommands:
        [
            new(CommandId.Client, "id", 2, NoScript | Loading | Stale, "@slow @connection", Connection, "Returns the client ID for the current connection", "5.0.0", "O(1)", lineReply: LineReply.Integer),
            new(CommandId.Client, "getname", 2, NoScript | Loading | Stale, "@slow @connection", Connection, "Get the current connection name", "2.6.9", "O(1)", lineReply: LineReply.Value),
            new(CommandId.Client, "setname", 3, NoScript | Loading | Stale, "@slow @connection", Connection, "Set the current connection name", "2.6.9", "O(1)"),
            new(CommandId.Client, "info", 2, NoScript | Loading | Stale, "@slow @connection", Connection, "Returns information about the current client connection.", "6.2.0", "O(1)", lineReply: LineReply.Value),
            new(CommandId.Client, "list", -2, Admin | NoScript | Loading | Stale, "@admin @slow @dangerous @connection", Connection, "Get the list of client connections", "2.4.0", "O(N) where N is the number of client connections", lineReply: LineReply.Value),
            new(CommandId.Client, "setinfo", 4, NoScript | Loading | Stale, "@slow @connection", Connection, "Set client or connection specific info", "7.2.0", "O(1)"),
            new(CommandId.Client, "kill", -3, Admin | NoScript | Loading | Stale, "@admin @slow @dangerous @connection", Connection, "Kill the connection of a client", "2.4.0", "O(N) where N is the number of client connections", lineReply: LineReply.Integer),
            new(CommandId.Client, "reply", 3, NoScript | Loading | Stale, "@slow @connection", Connection, "Instruct the server whether to reply to commands", "3.2.0", "O(1)"),
            new(CommandId.Client, "no-evict", 3, Admin | NoScript | Loading | Stale, "@admin @slow @dangerous @connection", Connection, "Set client eviction mode for the current connection", "7.0.0", "O(1)"),
            new(CommandId.Client, "pause", -3, Admin | NoScript | Loading | Stale, "@admin @slow @dangerous @connection", Connection, "Stop processing commands from clients for some time", "2.9.50", "O(1)", maxArguments: 3),
            new(CommandId.Client, "unpause", 2, Admin | NoScript | Loading | Stale, "@admin @slow @dangerous @connection", Connection, "Resume processing of clients that were paused", "6.2.0", "O(N) Where N is the number of paused clients"),
            new(CommandId.Client, "unblock", -3, Admin | NoScript | Loading | Stale, "@admin @slow @dangerous @connection", Connection, "Unblock a client blocked in a blocking command from a different connection", "5.0.0", "O(log N) where N is the number of client connections", maxArguments: 3, lineReply: LineReply.Integer),
        ]),
        new(CommandId.Command, "command", -1, Loading | Stale, "@slow @connection", Server, "Get array of Redis command details", "2.8.13", "O(N) where N is the total number of Redis commands", subcommands:
        [
            new(CommandId.Command, "count", 2, Loading | Stale, "@slow @connection", Server, "Get total number of Redis commands", "2.8.13", "O(1)", lineReply: LineReply.Integer),
            new(CommandId.Command, "info", -2, Loading | Stale, "@slow @connection", Server, "Get array of specific Redis command details, or all when no argument is given.", "2.8.13", "O(N) where N is the number of commands to look up"),
            new(CommandId.Command, "docs", -2, Loading | Stale, "@slow @connection", Server, "Get array of specific Redis command documentation", "7.0.0", "O(N) where N is the number of commands to look up"),
        ]),
        new(CommandId.Config, "config", -2, None, "@slow", Server, "A container for server configuration commands", "2.0.0", "Depends on subcommand.", subcommands:
        [
            new(CommandId.Config, "get", -3, Admin | NoScript | Loading | Stale, "@admin @slow @dangerous", Server, "Get the values of configuration parameters", "2.0.0", "O(N) when N is the number of configuration parameters provided"),
            new(CommandId.Config, "set", -4, Admin | NoScript | Loading | Stale, "@admin @slow @dangerous", Server, "Set configuration parameters to the given values", "2.0.0", "O(N) when N is the number of configuration parameters provided"),
            new(CommandId.Config, "resetstat", 2, Admin | NoScript | Loading | Stale, "@admin @slow @dangerous", Server, "Reset the stats returned by INFO", "2.0.0", "O(1)"),
        ]),
        new(CommandId.SetEx, "setex", 4, Write | DenyOom, "@write @string @slow", Strings, "Set the value and expiration of a key", "2.0.0", "O(1)", (1, 1, 1)),
        new(CommandId.PSetEx, "psetex", 4, Write | DenyOom, "@write @string @slow", Strings, "Set the value and expiration in milliseconds of a key", "2.6.0", "O(1)", (1, 1, 1)),
        new(CommandId.SetNx, "setnx", 3, Write | DenyOom | Fast, "@write @string @fast", Strings, "Set the value of a key, only if the key does not exist", "1.0.0", "O(1)", (1, 1, 1), lineReply: LineReply.Integer),
        new(CommandId.Unlink, "unlink", -2, Write | Fast, "@keyspace @write @fast", Generic, "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.", "4.0.0", "O(1) for each key removed regardless of its size.", (1, -1, 1), lineReply: LineReply.Integer),
        new(CommandId.FlushDb, "flushdb", -1, Write, "@keyspace @write @slow @dangerous", Server, "Remove all keys from the current database", "1.0.0", "O(N) where N is the number of keys in the selected database"),
        new(CommandId.Monitor, "monitor", 1, Admin | NoScript | Loading | Stale, "@admin @slow @dangerous", Server, "Listen for all requests received by the server in real time", "1.0.0", ""),
        new(CommandId.Time, "time", 1, Loading | Stale | Fast, "@fast", Server, "Return the current server time", "2.6.0", "O(1)"),
    ];

    // Indexed by CommandId: row i is the command with id i (0 is Unknown, with no row).
    private static readonly CommandSpec?[] ById = BuildById();

    // A perfect hash of the top-level names, found at start-up: one multiply and one shift pick the only row a name
    // can be, so recognising a command costs a few nanoseconds however many commands the table has.
    private static readonly (ulong Multiplier, int Shift, Slot[] Slots) Hash = BuildHash();

    /// <summary>The longest command name: longer input cannot be a command.</summary>
    public static int MaxNameLength { get; } = Rows.Max(r => r.Name.Length);

    /// <summary>Every top-level command, in table order.</summary>
    public static IReadOnlyList<CommandSpec> Commands => Rows;

    /// <summary>The commands a RESP client may call (COMMAND, COMMAND COUNT): all but the line protocol's own.</summary>
    public static IEnumerable<CommandSpec> RespCommands => Rows.Where(r => !r.Has(LineOnly));

    public static CommandSpec Get(CommandId id) =>
        ById[(int)id] ?? throw new ArgumentOutOfRangeException(nameof(id), id, "No command has this id.");

    /// <summary>The top-level command named <paramref name="name"/> (any case), or null. Allocation-free.</summary>
    public static CommandSpec? Find(ReadOnlySpan<byte> name)
    {
        if (name.Length is 0 || name.Length > MaxNameLength)
        {
            return null;
        }

        var key = KeyOf(name);
        var (multiplier, shift, slots) = Hash;
        var slot = slots[(int)((key * multiplier) >> shift)];
        if (slot.Spec is null || slot.Key != key || slot.Length != name.Length)
        {
            return null;
        }

        // Packing lower-cases by setting bit 5, which is exact for letters only: other names are compared to be sure.
        return !slot.Verify || System.Text.Ascii.EqualsIgnoreCase(name, slot.Spec.NameBytes.Span) ? slot.Spec : null;
    }

    /// <summary>The first (up to) 8 bytes packed and lower-cased; a longer name mixes in its last 8.</summary>
    private static ulong KeyOf(ReadOnlySpan<byte> name)
    {
        var key = AsciiWord.Pack(name[..Math.Min(name.Length, AsciiWord.MaxLength)]);
        return name.Length <= AsciiWord.MaxLength ? key : key ^ BitOperations.RotateLeft(AsciiWord.Pack(name[^AsciiWord.MaxLength..]), 29);
    }

    private static CommandSpec?[] BuildById()
    {
        var byId = new CommandSpec?[Enum.GetValues<CommandId>().Length];
        foreach (var row in Rows)
        {
            if (byId[(int)row.Id] is not null)
            {
                throw new InvalidOperationException($"Two rows for {row.Id}.");
            }

            byId[(int)row.Id] = row;
        }

        for (var i = 1; i < byId.Length; i++)
        {
            if (byId[i] is null)
            {
                throw new InvalidOperationException($"No row for {(CommandId)i}.");
            }
        }

        return byId;
    }

    private static (ulong, int, Slot[]) BuildHash()
    {
        var rows = Rows.Select(r => (Key: KeyOf(r.NameBytes.Span), r.Name.Length, Spec: r)).ToArray();
        for (var bits = 6; bits <= 16; bits++)
        {
            var shift = 64 - bits;
            for (ulong multiplier = 0x9E3779B97F4A7C15UL, tries = 0; tries < 10_000; multiplier += 2, tries++)
            {
                var slots = new Slot[1 << bits];
                var perfect = true;
                foreach (var (key, length, spec) in rows)
                {
                    ref var slot = ref slots[(int)((key * multiplier) >> shift)];
                    if (slot.Spec is not null)
                    {
                        perfect = false;
                        break;
                    }

                    slot = new Slot(key, length, spec, Verify: length > AsciiWord.MaxLength || !spec.Name.All(char.IsAsciiLetterLower));
                }

                if (perfect)
                {
                    return (multiplier, shift, slots);
                }
            }
        }

        throw new InvalidOperationException("No perfect hash of the command names was found.");
    }

    private readonly record struct Slot(ulong Key, int Length, CommandSpec? Spec, bool Verify);
}
