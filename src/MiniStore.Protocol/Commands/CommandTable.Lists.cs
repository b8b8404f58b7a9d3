namespace MiniStore.Protocol;

public static partial class CommandTable
{
    /// <summary>The list commands.</summary>
    private static CommandSpec[] ListRows() =>
    [
    ];
}
