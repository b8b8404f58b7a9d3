using static MiniStore.Protocol.CommandTraits;

namespace MiniStore.Protocol;

public static partial class CommandTable
{
    /// <summary>SAVE, BGSAVE, LASTSAVE: the RDB file (src/MiniStore.Persistence).</summary>
    private static CommandSpec[] PersistenceRows() =>
    [
        new(CommandId.Save, "save", 1, Admin | NoScript | NoAsyncLoading | NoMulti, "@admin @slow @dangerous", Server, "Synchronously save the dataset to disk", "1.0.0", "O(N) where N is the total number of keys in all databases"),
        new(CommandId.BgSave, "bgsave", -1, Admin | NoScript | NoAsyncLoading, "@admin @slow @dangerous", Server, "Asynchronously save the dataset to disk", "1.0.0", "O(1)"),
        new(CommandId.LastSave, "lastsave", 1, Loading | Stale | Fast, "@admin @fast @dangerous", Server, "Get the UNIX time stamp of the last successful save to disk", "1.0.0", "O(1)", lineReply: LineReply.Integer),
    ];
}
