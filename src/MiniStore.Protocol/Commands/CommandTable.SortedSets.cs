namespace MiniStore.Protocol;

public static partial class CommandTable
{
    /// <summary>The sorted set commands.</summary>
    private static CommandSpec[] SortedSetRows() =>
    [
    ];
}
