namespace MiniStore.Protocol;

public static partial class CommandTable
{
    /// <summary>The MULTI, EXEC, DISCARD, WATCH, UNWATCH.</summary>
    private static CommandSpec[] TransactionRows() =>
    [
    ];
}
