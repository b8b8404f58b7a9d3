namespace MiniStore.Protocol;

public static partial class CommandTable
{
    /// <summary>The set commands.</summary>
    private static CommandSpec[] SetRows() =>
    [
    ];
}
