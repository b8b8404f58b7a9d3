using static MiniStore.Protocol.CommandTraits;

namespace MiniStore.Protocol;

public static partial class CommandTable
{
    /// <summary>The MULTI, EXEC, DISCARD, WATCH, UNWATCH.</summary>
    private static CommandSpec[] TransactionRows() =>
    [
        new(CommandId.Multi, "multi", 1, NoScript | Loading | Stale | Fast | AllowBusy, "@fast @transaction", Transactions, "Mark the start of a transaction block", "1.2.0", "O(1)"),
        new(CommandId.Exec, "exec", 1, NoScript | Loading | Stale | SkipSlowlog, "@slow @transaction", Transactions, "Execute all commands issued after MULTI", "1.2.0", "Depends on commands in the transaction", lineReply: LineReply.Value),
        new(CommandId.Discard, "discard", 1, NoScript | Loading | Stale | Fast | AllowBusy, "@fast @transaction", Transactions, "Discard all commands issued after MULTI", "2.0.0", "O(N), when N is the number of queued commands"),
        new(CommandId.Watch, "watch", -2, NoScript | Loading | Stale | Fast | AllowBusy, "@fast @transaction", Transactions, "Watch the given keys to determine execution of the MULTI/EXEC block", "2.2.0", "O(1) for every key.", (1, -1, 1)),
        new(CommandId.Unwatch, "unwatch", 1, NoScript | Loading | Stale | Fast | AllowBusy, "@fast @transaction", Transactions, "Forget about all watched keys", "2.2.0", "O(1)"),
    ];
}
