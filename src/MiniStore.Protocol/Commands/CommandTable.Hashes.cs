namespace MiniStore.Protocol;

public static partial class CommandTable
{
    /// <summary>The hash commands.</summary>
    private static CommandSpec[] HashRows() =>
    [
    ];
}
