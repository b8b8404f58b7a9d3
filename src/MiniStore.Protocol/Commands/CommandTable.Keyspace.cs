namespace MiniStore.Protocol;

public static partial class CommandTable
{
    /// <summary>The keyspace commands beyond the seed's (EXPIRE family, TYPE, KEYS, SCAN, RENAME, ...).</summary>
    private static CommandSpec[] KeyspaceRows() =>
    [
    ];
}
