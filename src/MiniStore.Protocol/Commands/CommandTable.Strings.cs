namespace MiniStore.Protocol;

public static partial class CommandTable
{
    /// <summary>The string commands beyond the seed's (INCR family, MGET, MSET, APPEND, ...).</summary>
    private static CommandSpec[] StringRows() =>
    [
    ];
}
